using System.Buffers;

namespace KmodForge.IO;

/// <summary>
/// The bytes of a stream a resumable <see cref="System.Text.Json.Utf8JsonReader"/> has not consumed yet, in a pooled
/// buffer: each <see cref="Fill"/> moves them to the front, doubles the buffer when one unit of the reader's fills it
/// whole, and reads once more. Memory stays bounded by the largest unit, not the stream (the kernel-crawler lists and
/// the previous matrix are read this way).
/// </summary>
internal sealed class StreamWindow(Stream stream, int initialBytes) : IDisposable
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(initialBytes);
    private int start;
    private int end;

    /// <summary>True once the stream has ended: what is in the window is all there is.</summary>
    public bool Final { get; private set; }

    /// <summary>The bytes not consumed yet.</summary>
    public ReadOnlySpan<byte> Unread => buffer.AsSpan(start, end - start);

    /// <summary>Reads more after the unread bytes; false (nothing read) when they fill a buffer of <paramref name="maxBytes"/> already.</summary>
    public bool Fill(int maxBytes)
    {
        if (Final)
        {
            return true;
        }

        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            (end, start) = (end - start, 0);
        }

        if (end == buffer.Length)
        {
            if (buffer.Length >= maxBytes)
            {
                return false;
            }

            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }

        var read = stream.Read(buffer, end, buffer.Length - end);
        Final = read == 0;
        end += read;
        return true;
    }

    /// <summary>Marks <paramref name="count"/> bytes as consumed.</summary>
    public void Consume(int count) => start += count;

    public void Dispose() => ArrayPool<byte>.Shared.Return(buffer);
}
