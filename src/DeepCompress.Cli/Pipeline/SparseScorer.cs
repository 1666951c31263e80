using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Scores batches with DeepCompress' own engine.</summary>
public sealed class SparseScorer : IBatchScorer
{
    private readonly InferenceSession session;
    private readonly string inputName;
    private readonly string outputName;

    public SparseScorer(ModelProto model, IReadOnlyDictionary<string, SparseQuantizedTensor>? sparseWeights, string displayName, int channels, int height, int width, string dataSource, int threads)
    {
        session = InferenceSession.Create(model, sparseWeights, new SessionOptions { Threads = threads });
        if (session.InputNames.Count != 1)
        {
            throw new NotSupportedException($"{displayName}: eval needs a model with one input, this one has {session.InputNames.Count}");
        }

        inputName = session.InputNames[0];
        outputName = session.OutputNames[0];
        var declared = session.InputShapes[0];
        ImageShape = EvalInputShape.Resolve(displayName, inputName, declared, channels, height, width, dataSource);
        FixedBatch = declared.Count > 0 && declared[0] > 0 ? declared[0] : null;
    }

    public IReadOnlyList<int> ImageShape { get; }

    public int? FixedBatch { get; }

    public float[] Score(float[] images, int batch)
    {
        int[] shape = [batch, .. ImageShape];
        var outputs = session.Run(new Dictionary<string, Tensor>(StringComparer.Ordinal) { [inputName] = Tensor.FromFloat(images, shape) });
        return outputs[outputName].AsFloatSpan().ToArray();
    }

    public void Dispose() => session.Dispose();
}
