namespace DeepCompress.Onnx;

/// <summary>
/// Writes an empty file front to back, leaving zeros unwritten: what is written is cut at the file's
/// <see cref="BlockBytes"/> block boundaries, a piece that is all zeros is skipped by seeking, and
/// <see cref="Finish"/> sets the length over trailing zeros. A file's bytes that were never written read as zero, so the content is the same as writing every
/// byte; where the file system has holes (ext4, xfs, btrfs, tmpfs) the skipped blocks take no disk. Pruning scatters
/// a layer's zeros, so a real model rarely has whole zero blocks; a mostly-zero one (the 2 GiB test layer of a few
/// nonzero blocks) costs only those blocks on disk instead of every byte written and flushed.
/// </summary>
internal sealed class HoleSkippingStream : Stream
{
    /// <summary>The file system's allocation unit on the usual Linux file systems: smaller zero runs save nothing.</summary>
    public const int BlockBytes = 4096;

    private readonly FileStream _file;
    private long _position;

    /// <exception cref="ArgumentException"><paramref name="file"/> is not empty.</exception>
    public HoleSkippingStream(FileStream file)
    {
        if (file.Length != 0)
        {
            throw new ArgumentException($"'{file.Name}' holds {file.Length} bytes; only an empty file can be written with holes", nameof(file));
        }

        _file = file;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    /// <summary>The bytes written so far, zeros included.</summary>
    public override long Length => _position;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException("the stream only writes forward");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // The buffer is cut at the file's block boundaries; consecutive pieces holding a nonzero byte go out in one
        // write, all-zero pieces only advance the position.
        int written = 0;
        int piece = 0;
        while (piece < buffer.Length)
        {
            int length = (int)Math.Min(buffer.Length - piece, BlockBytes - ((_position + piece) % BlockBytes));
            if (!buffer.Slice(piece, length).ContainsAnyExcept((byte)0))
            {
                WriteAt(_position + written, buffer[written..piece]);
                written = piece + length;
            }

            piece += length;
        }

        WriteAt(_position + written, buffer[written..]);
        _position += buffer.Length;
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Extends the file over the trailing zeros, so its length is <see cref="Length"/>.</summary>
    public void Finish()
    {
        if (_file.Length < _position)
        {
            _file.SetLength(_position);
        }
    }

    public override void Flush() => _file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("the stream only writes");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("the stream only writes forward");

    public override void SetLength(long value) => throw new NotSupportedException("the stream only writes forward");

    private void WriteAt(long position, ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        if (_file.Position != position)
        {
            _file.Seek(position, SeekOrigin.Begin);
        }

        _file.Write(bytes);
    }
}
