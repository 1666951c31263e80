namespace DeepCompress.Core.IO;

/// <summary>
/// Writes a file so that a reader (or a crash) sees either the old file, or no file, or the complete new one:
/// the content goes to a temporary file in the same directory, is flushed to disk, and is renamed over the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Prefix of the temporary files, so that leftovers of a killed process are recognisable.</summary>
    public const string TempMarker = ".tmp-dcompress-";

    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full) ?? throw new IOException($"{path}: has no directory");
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{path}: directory '{directory}' does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new IOException($"{path}: is a directory");
        }

        var temp = Path.Combine(directory, Path.GetFileName(full) + TempMarker + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file, which carries a recognisable name.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
