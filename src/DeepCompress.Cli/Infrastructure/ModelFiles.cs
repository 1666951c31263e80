using DeepCompress.Onnx;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>Loading and saving ONNX models with the CLI's error conventions.</summary>
public static class ModelFiles
{
    /// <summary>Saves atomically; a failure to write is an output error, not an input error.</summary>
    public static void SaveOnnx(OnnxModel model, string outputPath)
    {
        WriteGuard(outputPath, () => model.Save(outputPath));
    }

    public static void WriteGuard(string outputPath, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && ex is not FileNotFoundException)
        {
            throw new OutputException($"{outputPath}: cannot write: {ex.Message}", ex);
        }
    }
}
