using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Operators;

namespace DeepCompress.Runtime;

/// <summary>
/// Runs an ONNX graph whose compressed layers stay in codebook-and-code form. All preparation (decoding codes,
/// building row structures, transposing constant weights, ordering nodes) happens in <see cref="Create"/>;
/// <see cref="Run"/> only computes and may be called from several threads at once.
/// </summary>
public sealed class InferenceSession : IDisposable
{
    /// <summary>Opsets whose semantics the operators implement.</summary>
    public const int MinimumOpset = 1;

    public const int MaximumOpset = 21;

    private readonly ExecutionPlan plan;
    private readonly RunSettings context;
    private bool disposed;

    private InferenceSession(ExecutionPlan plan, RunSettings context)
    {
        this.plan = plan;
        this.context = context;
    }

    /// <summary>Graph inputs a caller must feed (initializers excluded), in graph order.</summary>
    public IReadOnlyList<string> InputNames => plan.InputNames;

    /// <summary>Declared shape of each input, parallel to <see cref="InputNames"/>; symbolic or unknown dimensions are -1.</summary>
    public IReadOnlyList<IReadOnlyList<int>> InputShapes => plan.InputShapes;

    /// <summary>Element type of each input, parallel to <see cref="InputNames"/>.</summary>
    public IReadOnlyList<TensorElementType> InputTypes => plan.InputTypes;

    public IReadOnlyList<string> OutputNames => plan.OutputNames;

    /// <summary>The kernel path this session runs on.</summary>
    public KernelPath Kernel => context.Path;

    /// <summary>
    /// Prepares <paramref name="model"/> for execution. <paramref name="sparseWeights"/> supplies compressed weights
    /// by tensor name; they override initializers or Constant outputs of the same name, whose data may be absent.
    /// Throws one <see cref="NotSupportedException"/> listing every unsupported operator (or, failing that, every
    /// unsupported attribute or data type), and <see cref="InvalidDataException"/> for a malformed model.
    /// </summary>
    public static InferenceSession Create(ModelProto model, IReadOnlyDictionary<string, SparseQuantizedTensor>? sparseWeights, SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Threads, "Threads must be at least 1");
        }

        var path = KernelDispatch.Resolve(options.Kernel);
        var plan = ExecutionPlan.Build(model, sparseWeights ?? new Dictionary<string, SparseQuantizedTensor>(), path, options.Threads);
        return new InferenceSession(plan, new RunSettings(path, options.Threads));
    }

    /// <summary>Computes every graph output from <paramref name="inputs"/> (one tensor per name in <see cref="InputNames"/>).</summary>
    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        ArgumentNullException.ThrowIfNull(inputs);
        return plan.Run(inputs, context);
    }

    public void Dispose() => disposed = true;
}
