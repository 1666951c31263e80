namespace DeepCompress.TestModels;

/// <summary>A fresh directory under the system temp directory, deleted with its contents on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        DirectoryPath = Directory.CreateTempSubdirectory("dcompress-test-").FullName;
    }

    public string DirectoryPath { get; }

    /// <summary>The full path of <paramref name="fileName"/> inside the directory.</summary>
    public string File(string fileName) => Path.Combine(DirectoryPath, fileName);

    public void Dispose()
    {
        if (Directory.Exists(DirectoryPath))
        {
            Directory.Delete(DirectoryPath, recursive: true);
        }
    }
}
