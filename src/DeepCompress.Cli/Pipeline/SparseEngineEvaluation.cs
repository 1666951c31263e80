using DeepCompress.Core;
using DeepCompress.Core.Data;
using DeepCompress.Onnx.Proto;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Top-1/top-5 error of a model on DeepCompress' engine, as `eval --engine sparse` computes it: the stages of
/// `compress --data` and every cell of `sensitivity` are scored this way, so their numbers match eval's.
/// </summary>
public static class SparseEngineEvaluation
{
    /// <summary>Images per engine run; the engine's results do not depend on it (each image is scored alone).</summary>
    public const int BatchSize = 100;

    public static EvalResult Run(ModelProto graph, IReadOnlyDictionary<string, SparseQuantizedTensor>? sparseWeights, LabeledImages data, int count, int threads, string displayName)
    {
        using var scorer = new SparseScorer(graph, sparseWeights, displayName, data.Channels, data.Height, data.Width, data.Source, threads);
        return ClassifierEvaluation.Run(scorer, data, count, BatchSize, displayName);
    }
}
