using System.IO.Compression;

namespace DeepCompress.Core.Data;

/// <summary>
/// Reads arrays by name from a numpy .npz archive (a zip of .npy members, stored or deflated, as written by
/// <c>numpy.savez</c> and <c>numpy.savez_compressed</c>). An array's name is its member name without the
/// <c>.npy</c> suffix. Members are decoded on demand by <see cref="NpyReader"/>.
/// </summary>
public sealed class NpzReader : IDisposable
{
    private const string MemberSuffix = ".npy";

    private readonly ZipArchive _archive;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly string _fileName;

    /// <summary>Opens the archive at <paramref name="path"/>.</summary>
    public NpzReader(string path)
        : this(OpenFile(path), path, leaveOpen: false)
    {
    }

    /// <summary>Opens the archive in <paramref name="stream"/>; <paramref name="fileName"/> names it in errors.</summary>
    public NpzReader(Stream stream, string fileName, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        _fileName = fileName;
        ZipArchive? archive = null;
        var names = new List<string>();
        try
        {
            archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen);
            // The central directory is parsed lazily, so enumerating the entries can fail on corrupt input too.
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.EndsWith(MemberSuffix, StringComparison.Ordinal) ? entry.FullName[..^MemberSuffix.Length] : entry.FullName;
                if (!_entries.TryAdd(name, entry))
                {
                    throw new InvalidDataFileException(fileName, $"npz archive holds the array '{name}' twice");
                }

                names.Add(name);
            }
        }
        catch (InvalidDataException e)
        {
            Release();
            throw new InvalidDataFileException(fileName, $"not a readable zip (npz) archive: {e.Message}", e);
        }
        catch (InvalidDataFileException)
        {
            Release();
            throw;
        }

        _archive = archive;
        ArrayNames = names;

        void Release()
        {
            if (archive is not null)
            {
                archive.Dispose();
            }
            else if (!leaveOpen)
            {
                stream.Dispose();
            }
        }
    }

    /// <summary>Array names in archive order.</summary>
    public IReadOnlyList<string> ArrayNames { get; }

    /// <summary>Whether the archive holds an array called <paramref name="name"/>.</summary>
    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <summary>
    /// Decodes the array called <paramref name="name"/>; throws <see cref="KeyNotFoundException"/> listing the
    /// available names when there is none.
    /// </summary>
    public NpyArray Read(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new KeyNotFoundException($"{_fileName}: no array '{name}'; the archive holds {string.Join(", ", ArrayNames.Select(n => $"'{n}'"))}");
        }

        var memberName = $"{_fileName}:{entry.FullName}";
        try
        {
            using var member = entry.Open();
            return NpyReader.Read(member, memberName);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataFileException(memberName, $"corrupt zip member: {e.Message}", e);
        }
    }

    public void Dispose() => _archive.Dispose();

    private static FileStream OpenFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }
}
