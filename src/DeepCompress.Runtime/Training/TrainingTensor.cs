namespace DeepCompress.Runtime.Training;

/// <summary>A dense row-major float tensor inside a training pass; <see cref="Data"/> may be written by its owner.</summary>
public sealed class TrainingTensor
{
    public TrainingTensor(float[] data, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Aggregate(1L, (a, d) => a * d) != data.Length)
        {
            throw new ArgumentException($"data has {data.Length} values but shape [{string.Join(",", shape)}] needs {shape.Aggregate(1L, (a, d) => a * d)}");
        }

        Data = data;
        Shape = shape;
    }

    public float[] Data { get; }

    public int[] Shape { get; }

    public int Rank => Shape.Length;

    public override string ToString() => $"[{string.Join(",", Shape)}]";
}
