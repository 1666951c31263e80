using System.Security.Cryptography;

namespace DeepCompress.Core.IO;

/// <summary>
/// Write-to-temporary-then-rename, so a crash or error never leaves a half-written file under the target's name:
/// a reader sees the old file, no file, or the complete new one. The temporary file lives in the target's
/// directory because a rename is only atomic within one file system.
/// </summary>
public static class AtomicFile
{
    /// <summary>Infix of temporary file names (<c>target.tmp-&lt;random&gt;</c>), recognisable if a killed process leaves one.</summary>
    public const string TemporaryInfix = ".tmp-";

    private const int RandomSuffixLength = 12;

    /// <summary>Writes the whole file through a temporary one and renames it over <paramref name="target"/>.</summary>
    public static void Write(string target, Action<Stream> write)
    {
        var temporary = WriteTemporary(target, write);
        try
        {
            Commit(temporary, target);
        }
        catch
        {
            DeleteQuietly(temporary);
            throw;
        }
    }

    /// <summary>
    /// Creates <c>target.tmp-&lt;random&gt;</c> (never an existing file), writes it, flushes it to disk and returns its
    /// path; <see cref="Commit"/> then puts it in place. Two phases, so that several files (a model and its external
    /// data) are all complete before any of them replaces its target.
    /// </summary>
    public static string WriteTemporary(string target, Action<FileStream> write)
    {
        var temporary = $"{target}{TemporaryInfix}{RandomNumberGenerator.GetHexString(RandomSuffixLength, lowercase: true)}";
        try
        {
            using var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
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
