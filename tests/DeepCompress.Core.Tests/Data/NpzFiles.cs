using System.IO.Compression;

namespace DeepCompress.Core.Tests.Data;

/// <summary>Builds .npz archives (zips of members) in memory.</summary>
internal static class NpzFiles
{
    public static byte[] Build(IEnumerable<(string Name, byte[] Content)> members, CompressionLevel level = CompressionLevel.Optimal)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in members)
            {
                using var entry = zip.CreateEntry(name, level).Open();
                entry.Write(content);
            }
        }

        return output.ToArray();
    }

    public static byte[] Float32Npy(int[] shape, float[] data)
    {
        using var stream = new MemoryStream();
        DeepCompress.Core.Data.NpyWriter.Write(stream, shape, data);
        return stream.ToArray();
    }
}
