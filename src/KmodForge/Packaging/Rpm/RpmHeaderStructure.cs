using System.Buffers.Binary;
using System.Text;

namespace KmodForge.Packaging.Rpm;

/// <summary>
/// One header structure of an .rpm (the signature header or the main header): magic, index entries, data. The one
/// reader of RPM headers: the package reader and the downloaded-header check both go through it.
/// </summary>
public sealed class RpmHeaderStructure
{
    private const int MaxIndexEntries = 0xFFFF;
    private const int MaxDataLength = 256 * 1024 * 1024;

    private readonly byte[] index;
    private readonly byte[] data;

    private RpmHeaderStructure(long start, byte[] index, byte[] data)
    {
        Start = start;
        this.index = index;
        this.data = data;
    }

    private static ReadOnlySpan<byte> Magic => [0x8E, 0xAD, 0xE8, 0x01];

    /// <summary>Where the structure starts in the file.</summary>
    public long Start { get; }

    /// <summary>Just past the structure (the signature header is then padded to a multiple of 8).</summary>
    public long End => Start + 16 + index.Length + data.Length;

    /// <summary>Reads the structure at the stream's position; throws <see cref="InvalidDataException"/> saying which header is bad and how.</summary>
    public static RpmHeaderStructure Read(Stream file, string which)
    {
        var start = file.Position;
        Span<byte> intro = stackalloc byte[16];
        if (file.ReadAtLeast(intro, 16, false) != 16 || !intro.StartsWith(Magic))
        {
            throw new InvalidDataException($"its {which} header is missing or has a bad magic at offset {start}");
        }

        var il = BinaryPrimitives.ReadInt32BigEndian(intro[8..]);
        var dl = BinaryPrimitives.ReadInt32BigEndian(intro[12..]);
        if (il is < 1 or > MaxIndexEntries || dl is < 0 or > MaxDataLength || (il * 16L) + dl > file.Length - file.Position)
        {
            throw new InvalidDataException($"its {which} header claims {il} entries and {dl} data bytes, more than the file holds (truncated?)");
        }

        var index = new byte[il * 16];
        var data = new byte[dl];
        file.ReadExactly(index);
        file.ReadExactly(data);
        return new RpmHeaderStructure(start, index, data);
    }

    /// <summary>A STRING tag's value (up to its NUL), or null when absent.</summary>
    public string? String(int tag) =>
        Entry(tag) is { } e && e.Offset < data.Length
            ? Encoding.UTF8.GetString(data, e.Offset, (Array.IndexOf(data, (byte)0, e.Offset) is var nul and >= 0 ? nul : data.Length) - e.Offset)
            : null;

    /// <summary>A BIN tag's bytes, or null when absent or out of bounds.</summary>
    public byte[]? Binary(int tag) =>
        Entry(tag) is { } e && e.Count >= 0 && (long)e.Offset + e.Count <= data.Length ? data.AsSpan(e.Offset, e.Count).ToArray() : null;

    private (int Offset, int Count)? Entry(int tag)
    {
        for (var i = 0; i < index.Length; i += 16)
        {
            if (BinaryPrimitives.ReadInt32BigEndian(index.AsSpan(i)) == tag)
            {
                var offset = BinaryPrimitives.ReadInt32BigEndian(index.AsSpan(i + 8));
                return offset < 0 ? null : (offset, BinaryPrimitives.ReadInt32BigEndian(index.AsSpan(i + 12)));
            }
        }

        return null;
    }
}
