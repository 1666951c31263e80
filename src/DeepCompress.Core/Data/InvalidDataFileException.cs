namespace DeepCompress.Core.Data;

/// <summary>
/// A data file (IDX, .npy, .npz) is malformed: bad magic, truncated, a header that does not parse, sizes that
/// disagree with the file length. The message names the file, the bad value and the limit it broke.
/// Valid files the readers do not support throw <see cref="NotSupportedException"/> instead.
/// </summary>
/// <remarks>
/// Derives from <see cref="IOException"/> because <see cref="InvalidDataException"/> is sealed; corrupt gzip or
/// zip data surfacing from the framework as <see cref="InvalidDataException"/> is wrapped in this type.
/// </remarks>
public sealed class InvalidDataFileException : IOException
{
    public InvalidDataFileException(string fileName, string problem)
        : base($"{fileName}: {problem}")
    {
        FileName = fileName;
        Problem = problem;
    }

    public InvalidDataFileException(string fileName, string problem, Exception innerException)
        : base($"{fileName}: {problem}", innerException)
    {
        FileName = fileName;
        Problem = problem;
    }

    /// <summary>The file (or archive member, as <c>archive.npz:member.npy</c>) that is malformed.</summary>
    public string FileName { get; }

    /// <summary>What is wrong with it, without the file name.</summary>
    public string Problem { get; }
}
