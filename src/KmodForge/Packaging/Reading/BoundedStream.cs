namespace KmodForge.Packaging.Reading;

/// <summary>A read-only, seekable window of <paramref name="length"/> bytes of a seekable stream, starting at <paramref name="offset"/>.</summary>
internal sealed class BoundedStream(Stream inner, long offset, long length) : Stream
{
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset1, int count) => Read(buffer.AsSpan(offset1, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0)
        {
            return 0;
        }

        inner.Position = offset + position;
        var read = inner.Read(buffer[..wanted]);
        position += read;
        return read;
    }

    public override long Seek(long seekOffset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => seekOffset,
        SeekOrigin.Current => position + seekOffset,
        _ => length + seekOffset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset1, int count) => throw new NotSupportedException();
}
