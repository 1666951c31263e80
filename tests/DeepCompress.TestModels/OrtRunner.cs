using Microsoft.ML.OnnxRuntime;

namespace DeepCompress.TestModels;

/// <summary>Runs a model file in ONNX Runtime on seeded inputs (batch dimensions set to 2) and returns its outputs.</summary>
public static class OrtRunner
{
    private const int SymbolicDimSize = 2;

    /// <param name="modelPath">The model; external data is resolved by ONNX Runtime relative to it.</param>
    /// <param name="seed">Seeds the float inputs, uniform in [-1, 1).</param>
    /// <param name="condition">The value of every bool input (the If model's branch selector).</param>
    public static float[][] Run(string modelPath, int seed = 7, bool condition = true)
    {
        using var session = new InferenceSession(modelPath);
        var random = new Random(seed);
        var names = new List<string>();
        var values = new List<OrtValue>();
        try
        {
            foreach ((string name, NodeMetadata metadata) in session.InputMetadata)
            {
                long[] shape = [.. metadata.Dimensions.Select(d => d < 0 ? SymbolicDimSize : (long)d)];
                long count = shape.Aggregate(1L, (a, b) => a * b);
                names.Add(name);
                if (metadata.ElementType == typeof(bool))
                {
                    values.Add(OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(condition, (int)count).ToArray(), shape));
                }
                else
                {
                    float[] data = [.. Enumerable.Range(0, (int)count).Select(_ => (2 * random.NextSingle()) - 1)];
                    values.Add(OrtValue.CreateTensorValueFromMemory(data, shape));
                }
            }

            return RunWith(session, names, values);
        }
        finally
        {
            foreach (OrtValue value in values)
            {
                value.Dispose();
            }
        }
    }

    /// <summary>Runs a single-input model on the given data.</summary>
    public static float[] RunSingle(string modelPath, float[] input, params long[] shape)
    {
        using var session = new InferenceSession(modelPath);
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, shape);
        return RunWith(session, [session.InputMetadata.Keys.Single()], [value])[0];
    }

    private static float[][] RunWith(InferenceSession session, List<string> names, List<OrtValue> values)
    {
        using var options = new RunOptions();
        string[] outputNames = [.. session.OutputMetadata.Keys];
        using IDisposableReadOnlyCollection<OrtValue> results = session.Run(options, names, values, outputNames);
        return [.. results.Select(r => r.GetTensorDataAsSpan<float>().ToArray())];
    }
}
