namespace DeepCompress.Cli.Infrastructure;

/// <summary>Checks on input and output paths made before any work starts.</summary>
public static class InputFiles
{
    public static string RequireExisting(FileInfo file)
    {
        if (Directory.Exists(file.FullName))
        {
            throw new InvalidDataException($"{file.FullName}: is a directory, not a file");
        }

        if (!file.Exists)
        {
            throw new FileNotFoundException($"{file.FullName}: no such file", file.FullName);
        }

        return file.FullName;
    }

    /// <summary>Refuses to write the output over the input: the user's original must survive.</summary>
    public static string RequireDistinctOutput(string inputPath, FileInfo output)
    {
        var outputPath = output.FullName;
        if (string.Equals(Path.GetFullPath(inputPath), outputPath, StringComparison.Ordinal))
        {
            throw new UsageException($"--output: '{outputPath}' is the input file; choose another path so the input is kept");
        }

        var directory = Path.GetDirectoryName(outputPath);
        if (directory is null || !Directory.Exists(directory))
        {
            throw new UsageException($"--output: directory '{directory}' does not exist");
        }

        if (Directory.Exists(outputPath))
        {
            throw new UsageException($"--output: '{outputPath}' is a directory");
        }

        return outputPath;
    }
}
