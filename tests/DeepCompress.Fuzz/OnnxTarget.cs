using DeepCompress.Cli.Pipeline;
using DeepCompress.Onnx;

namespace DeepCompress.Fuzz;

/// <summary>
/// The ONNX reader as `info` uses it: parse, discover the layers, read every layer's weights. Inputs are parsed
/// from memory; one whose tensors refer to external data is written to a file and loaded from there, so the
/// external data loader resolves it against a real directory holding one data file. (Writing every input to a
/// file made the target 20 times slower without reaching more code.)
/// </summary>
public sealed class OnnxTarget : IFuzzTarget
{
    /// <summary>The external data file beside the model; seeds refer to it by this name.</summary>
    public const string ExternalDataName = "external.data";

    private const string DisplayName = "fuzz.onnx";
    private const int ExternalDataBytes = 4096;

    private readonly Lazy<string> _modelPath = new(CreateDirectory);

    public string Name => "onnx";

    public void Run(byte[] input)
    {
        try
        {
            foreach (var layer in Load(input).FindLayers())
            {
                LayerStats.Of(layer);
            }
        }
        catch (Exception e) when (CleanRejection.Is(e))
        {
            // A clean rejection is the reader doing its job.
        }
    }

    private OnnxModel Load(byte[] input)
    {
        try
        {
            return OnnxModel.FromBytes(input, DisplayName);
        }
        catch (NotSupportedException)
        {
            // External data, which only a model read from a file can resolve.
            File.WriteAllBytes(_modelPath.Value, input);
            return OnnxModel.Load(_modelPath.Value);
        }
    }

    private static string CreateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("dcompress-fuzz-onnx-").FullName;
        var data = new byte[ExternalDataBytes];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)i;
        }

        File.WriteAllBytes(Path.Combine(directory, ExternalDataName), data);
        return Path.Combine(directory, DisplayName);
    }
}
