using DeepCompress.Cli.Infrastructure;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using OrtSession = Microsoft.ML.OnnxRuntime.InferenceSession;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// ONNX Runtime on one model at one thread count, set up to measure it fairly: IntraOpNumThreads = threads,
/// InterOpNumThreads = 1, sequential execution, all graph optimizations, and inputs and outputs preallocated as
/// OrtValues so that a timed call is only <c>Run</c> on them.
/// </summary>
public sealed class OrtDenseRunner : IDisposable
{
    private readonly SessionOptions _options;
    private readonly OrtSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly List<OrtValue> _inputs = [];
    private readonly List<OrtValue> _outputs = [];
    private string[] _inputNames = [];
    private string[] _outputNames = [];
    private float[][] _outputData = [];

    private OrtDenseRunner(Func<SessionOptions, OrtSession> open, int threads)
    {
        _options = OrtOptions.Create(threads);
        try
        {
            _session = open(_options);
        }
        catch
        {
            _options.Dispose();
            throw;
        }
    }

    public static OrtDenseRunner FromFile(string path, int threads) => new(options => new OrtSession(path, options), threads);

    public static OrtDenseRunner FromBytes(byte[] model, int threads) => new(options => new OrtSession(model, options), threads);

    public IReadOnlyList<string> InputNames => [.. _session.InputMetadata.Keys];

    /// <summary>Binds the single input to <paramref name="data"/> and preallocates outputs of the shapes one call produces.</summary>
    public void Bind(string inputName, float[] data, int[] shape)
    {
        DisposeValues();
        _inputNames = [inputName];
        _inputs.Add(OrtValue.CreateTensorValueFromMemory(data, shape.Select(d => (long)d).ToArray()));
        _outputNames = [.. _session.OutputMetadata.Keys];
        using (var probe = _session.Run(_runOptions, _inputNames, _inputs, _outputNames))
        {
            _outputData = new float[probe.Count][];
            foreach (var (value, index) in probe.Select((v, i) => (v, i)))
            {
                var info = value.GetTensorTypeAndShape();
                if (info.ElementDataType != TensorElementType.Float)
                {
                    throw new NotSupportedException($"output '{_outputNames[index]}' is {info.ElementDataType}; only float outputs are compared");
                }

                _outputData[index] = new float[info.ElementCount];
                _outputs.Add(OrtValue.CreateTensorValueFromMemory(_outputData[index], info.Shape));
            }
        }
    }

    /// <summary>One inference into the preallocated outputs.</summary>
    public void Run() => _session.Run(_runOptions, _inputNames, _inputs, _outputNames, _outputs);

    /// <summary>The outputs of the last <see cref="Run"/>, in the model's output order (live buffers, not copies).</summary>
    public IReadOnlyList<float[]> Outputs => _outputData;

    public IReadOnlyList<string> OutputNames => _outputNames;

    public void Dispose()
    {
        DisposeValues();
        _runOptions.Dispose();
        _session.Dispose();
        _options.Dispose();
    }

    private void DisposeValues()
    {
        foreach (var value in _inputs.Concat(_outputs))
        {
            value.Dispose();
        }

        _inputs.Clear();
        _outputs.Clear();
    }
}
