using System.Diagnostics;
using System.Globalization;

namespace DeepCompress.TestModels;

/// <summary>What the file system gives a file with holes: its allocated bytes (Linux), and whether holes exist at all.</summary>
public static class SparseFiles
{
    private const long ProbeBytes = 16L << 20;

    /// <summary>
    /// The bytes the file occupies on disk (stat's %b blocks of %B bytes), or null where that cannot be asked
    /// (not Linux, or no stat(1)): .NET's FileInfo only knows the apparent length.
    /// </summary>
    public static long? AllocatedBytes(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var start = new ProcessStartInfo("stat", ["--format=%b %B", path]) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var fields = output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return process.ExitCode == 0 && fields.Length == 2
                ? long.Parse(fields[0], CultureInfo.InvariantCulture) * long.Parse(fields[1], CultureInfo.InvariantCulture)
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Why <paramref name="directory"/> has no room for sparse files of <paramref name="sparseBytes"/> apparent bytes
    /// (nearly free where the file system has holes, their whole size where it has none) plus
    /// <paramref name="otherBytes"/> of ordinary files; null when it has.
    /// </summary>
    public static string? WhyNoRoom(string directory, long sparseBytes, long otherBytes)
    {
        bool holes = SupportHoles(directory);
        long needed = (holes ? 0 : sparseBytes) + otherBytes;
        long free = new DriveInfo(directory).AvailableFreeSpace;
        return free >= needed
            ? null
            : $"{directory} has {free >> 20} MiB free; the test needs {needed >> 20} MiB on a file system {(holes ? "with" : "without")} holes";
    }

    /// <summary>
    /// Whether a file in <paramref name="directory"/> extended by <see cref="FileStream.SetLength"/> stays unallocated
    /// (a 16 MiB probe with one byte written at its end), as ext4, xfs, btrfs and tmpfs do; false where it cannot be told.
    /// </summary>
    public static bool SupportHoles(string directory)
    {
        var probe = Path.Combine(directory, "hole-probe.bin");
        try
        {
            using (var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write))
            {
                file.SetLength(ProbeBytes);
                file.Position = ProbeBytes - 1;
                file.WriteByte(1);
                file.Flush(flushToDisk: true);
            }

            return AllocatedBytes(probe) is { } allocated && allocated < ProbeBytes / 4;
        }
        finally
        {
            File.Delete(probe);
        }
    }
}
