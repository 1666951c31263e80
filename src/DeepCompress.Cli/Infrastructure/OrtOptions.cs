using Microsoft.ML.OnnxRuntime;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// How every ONNX Runtime session of the CLI is set up, so that eval and bench measure the same baseline:
/// intra-op threads as asked, no inter-op parallelism, sequential execution, all graph optimizations.
/// </summary>
public static class OrtOptions
{
    public static SessionOptions Create(int threads) => new()
    {
        IntraOpNumThreads = threads,
        InterOpNumThreads = 1,
        ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
        GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
    };
}
