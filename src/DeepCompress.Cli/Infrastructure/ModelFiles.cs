using DeepCompress.Core.Coding;
using DeepCompress.Core.Data;
using DeepCompress.Format;
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

    /// <summary>
    /// Runs <paramref name="write"/>, reporting its I/O failures as output errors. A reader's exception raised inside
    /// it (a streamed compress reads each layer while it writes) stays an input error.
    /// </summary>
    public static void WriteGuard(string outputPath, Action write)
    {
        try
        {
            write();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !IsInputError(ex))
        {
            throw new OutputException($"{outputPath}: cannot write: {ex.Message}", ex);
        }
    }

    private static bool IsInputError(Exception ex) =>
        ex is FileNotFoundException or InvalidModelException or InvalidContainerException or InvalidDataFileException
            or InvalidCodedDataException;
}
