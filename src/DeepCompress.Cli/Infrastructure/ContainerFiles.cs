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

    /// <summary>Whether the file starts with the .dcz magic (the extension is not trusted).</summary>
    public static bool HasMagic(string path)
    {
        Span<byte> head = stackalloc byte[FormatConstants.Magic.Length];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false) == head.Length && head.SequenceEqual(FormatConstants.Magic);
    }
}
