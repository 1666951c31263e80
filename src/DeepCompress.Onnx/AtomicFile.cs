using System.Security.Cryptography;

namespace DeepCompress.Onnx;

/// <summary>
/// Write-to-temporary-then-rename, so a crash or error never leaves a half-written file under the target's name.
/// The temporary file lives in the target's directory because a rename is only atomic within one file system.
/// </summary>
internal static class AtomicFile
{
    private const int RandomSuffixLength = 12;

    /// <summary>Creates <c>target.tmp-&lt;random&gt;</c> (never an existing file), writes it, flushes it to disk.</summary>
    public static string WriteTemporary(string target, Action<FileStream> write)
    {
        string temporary = $"{target}.tmp-{RandomNumberGenerator.GetHexString(RandomSuffixLength, lowercase: true)}";
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            write(stream);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }

        return temporary;
    }

    /// <summary>Renames the temporary file over the target (atomic replace on POSIX and NTFS).</summary>
    public static void Commit(string temporary, string target) => File.Move(temporary, target, overwrite: true);

    /// <summary>Best-effort cleanup after a failure; a second error must not hide the first.</summary>
    public static void DeleteQuietly(string? path)
    {
        if (path is null)
        {
            return;
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
