using DeepCompress.Cli.Infrastructure;
using Microsoft.ML.OnnxRuntime;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Scores batches with ONNX Runtime, on the thread count eval was given (1 by default, so runs stay comparable on a shared machine).</summary>
public sealed class OrtScorer : IBatchScorer
{
    private readonly InferenceSession session;
    private readonly SessionOptions options;
    private readonly string inputName;
    private readonly string outputName;

    public OrtScorer(byte[] model, string displayName, int channels, int height, int width, string dataSource, int threads)
    {
        options = OrtOptions.Create(threads);
        try
        {
            session = new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException ex)
        {
            options.Dispose();
            throw new NotSupportedException($"{displayName}: ONNX Runtime cannot load the model: {ex.Message}", ex);
        }

        if (session.InputMetadata.Count != 1)
        {
            Dispose();
            throw new NotSupportedException($"{displayName}: eval needs a model with one input, this one has {session.InputMetadata.Count}");
        }

        var (name, metadata) = session.InputMetadata.First();
        inputName = name;
        outputName = session.OutputMetadata.Keys.First();
        var declared = metadata.Dimensions;
        ImageShape = EvalInputShape.Resolve(displayName, name, declared, channels, height, width, dataSource);
        FixedBatch = declared[0] > 0 ? declared[0] : null;
    }

    public IReadOnlyList<int> ImageShape { get; }

    public int? FixedBatch { get; }

    public float[] Score(float[] images, int batch)
    {
        long[] shape = [batch, .. ImageShape.Select(d => (long)d)];
        using var value = OrtValue.CreateTensorValueFromMemory(images, shape);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [inputName], [value], [outputName]);
        return results[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        session.Dispose();
        options.Dispose();
    }
}
