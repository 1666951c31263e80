using DeepCompress.Core.IO;

namespace DeepCompress.Core.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void WritesTheWholeFileAndLeavesNoTemporary()
    {
        var target = Path.Combine(_dir, "out.bin");
        AtomicFile.Write(target, s => s.Write([1, 2, 3]));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void AFailingWriterKeepsThePreviousFileAndCleansUp()
    {
        var target = Path.Combine(_dir, "out.bin");
        File.WriteAllBytes(target, [9, 9]);
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(target, s =>
        {
            s.Write([1, 2, 3]);
            throw new InvalidOperationException("disk on fire");
        }));
        Assert.Equal([9, 9], File.ReadAllBytes(target));
        Assert.Single(Directory.GetFiles(_dir));
    }

    [Fact]
    public void TargetThatIsADirectoryFailsWithoutLeftovers()
    {
        var target = Path.Combine(_dir, "sub");
        Directory.CreateDirectory(target);
        Assert.ThrowsAny<IOException>(() => AtomicFile.Write(target, s => s.Write([1])));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void MissingDirectoryFails()
    {
        Assert.Throws<DirectoryNotFoundException>(() => AtomicFile.Write(Path.Combine(_dir, "no", "out.bin"), s => s.Write([1])));
    }

    [Fact]
    public void TwoPhaseWriteIsInvisibleUntilCommitted()
    {
        var target = Path.Combine(_dir, "out.bin");
        var temporary = AtomicFile.WriteTemporary(target, s => s.Write([4, 5]));
        Assert.False(File.Exists(target));
        Assert.Contains(AtomicFile.TemporaryInfix, Path.GetFileName(temporary));
        AtomicFile.Commit(temporary, target);
        Assert.Equal([4, 5], File.ReadAllBytes(target));
        Assert.False(File.Exists(temporary));
    }
}
