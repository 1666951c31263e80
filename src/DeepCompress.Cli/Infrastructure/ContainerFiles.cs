using DeepCompress.Core.IO;
using DeepCompress.Format;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>Reading and writing .dcz files with the CLI's error conventions.</summary>
public static class ContainerFiles
{
    public static DczModel Read(string path) => DczReader.Read(File.ReadAllBytes(path), path);

    public static long Write(DczModel container, string outputPath)
    {
        ModelFiles.WriteGuard(outputPath, () => AtomicFile.Write(outputPath, stream => DczWriter.Write(stream, container)));
        return new FileInfo(outputPath).Length;
    }
}
