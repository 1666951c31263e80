namespace DeepCompress.Runtime.Training;

/// <summary>The tensors of one forward pass and the gradients its backward pass accumulates, by tensor name.</summary>
internal sealed class TrainingPass
{
    private readonly Dictionary<string, TrainingTensor> values;
    private readonly Dictionary<string, float[]> gradients = new(StringComparer.Ordinal);
    private readonly TensorBufferPool buffers;

    private readonly IReadOnlySet<string> withoutGradient;

    /// <param name="withoutGradient">Tensors whose gradient nobody reads.</param>
    public TrainingPass(Dictionary<string, TrainingTensor> constants, bool training, long step, KernelPath path, int threads, TensorBufferPool buffers,
        IReadOnlySet<string> withoutGradient)
    {
        this.buffers = buffers;
        this.withoutGradient = withoutGradient;
        values = new Dictionary<string, TrainingTensor>(constants, StringComparer.Ordinal);
        Training = training;
        Step = step;
        Path = path;
        Threads = threads;
    }

    /// <summary>Dropout draws its mask only in training mode.</summary>
    public bool Training { get; }

    /// <summary>Seeds per-step randomness (dropout masks).</summary>
    public long Step { get; }

    public KernelPath Path { get; }

    public int Threads { get; }

    public TrainingTensor Value(string name) => values[name];

    public bool HasValue(string name) => values.ContainsKey(name);

    public void SetValue(string name, TrainingTensor tensor) => values[name] = tensor;

    /// <summary>False for a tensor whose gradient nobody reads: nodes skip the products that would only feed it.</summary>
    public bool NeedsGradient(string name) => !withoutGradient.Contains(name);

    /// <summary>The accumulated gradient of a tensor, or null when nothing downstream depends on it.</summary>
    public float[]? Gradient(string name) => gradients.GetValueOrDefault(name);

    /// <summary>The gradient buffer of a tensor, created zeroed on first use so several consumers can add into it.</summary>
    public float[] GradientBuffer(string name)
    {
        if (!gradients.TryGetValue(name, out var buffer))
        {
            buffer = buffers.Rent(values[name].Data.Length);
            Array.Clear(buffer);
            gradients[name] = buffer;
        }

        return buffer;
    }

    /// <summary>
    /// An array of <paramref name="length"/> values that lives until the next pass starts; its contents are
    /// undefined, so the caller writes every element before reading any.
    /// </summary>
    public float[] Allocate(int length) => buffers.Rent(length);
}
