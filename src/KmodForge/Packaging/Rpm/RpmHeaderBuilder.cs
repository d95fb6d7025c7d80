using System.Buffers.Binary;
using System.Text;

namespace KmodForge.Packaging.Rpm;

/// <summary>
/// Builds one RPM header structure (the signature header or the main header): magic, index entries sorted by tag,
/// and a data section with INT16/32/64 values aligned, wrapped in an immutable region (tag 62 or 63) whose trailer
/// ends the data section, as rpm's <c>hdrblobVerifyRegion</c> expects.
/// </summary>
internal sealed class RpmHeaderBuilder(int regionTag)
{
    private static readonly byte[] Magic = [0x8E, 0xAD, 0xE8, 0x01, 0, 0, 0, 0];

    private readonly SortedDictionary<int, (RpmTagType Type, int Count, byte[] Data)> entries = [];

    public RpmHeaderBuilder String(int tag, string value) => Add(tag, RpmTagType.String, 1, Z(value));

    public RpmHeaderBuilder I18nString(int tag, string value) => Add(tag, RpmTagType.I18nString, 1, Z(value));

    public RpmHeaderBuilder StringArray(int tag, IReadOnlyList<string> values) =>
        Add(tag, RpmTagType.StringArray, values.Count, values.SelectMany(Z).ToArray());

    public RpmHeaderBuilder Binary(int tag, byte[] value) => Add(tag, RpmTagType.Bin, value.Length, value);

    public RpmHeaderBuilder Int16(int tag, IReadOnlyList<ushort> values)
    {
        var data = new byte[values.Count * 2];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(i * 2), values[i]);
        }

        return Add(tag, RpmTagType.Int16, values.Count, data);
    }

    public RpmHeaderBuilder Int32(int tag, IReadOnlyList<int> values)
    {
        var data = new byte[values.Count * 4];
        for (var i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(data.AsSpan(i * 4), values[i]);
        }

        return Add(tag, RpmTagType.Int32, values.Count, data);
    }

    public RpmHeaderBuilder Int32(int tag, int value) => Int32(tag, [value]);

    public RpmHeaderBuilder Int64(int tag, long value)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(data, value);
        return Add(tag, RpmTagType.Int64, 1, data);
    }

    /// <summary>The header bytes: magic, counts, index (region entry first), data with the region trailer last.</summary>
    public byte[] Build()
    {
        var indexCount = entries.Count + 1;
        var data = new MemoryStream();
        var index = new List<(int Tag, RpmTagType Type, int Offset, int Count)>();
        foreach (var (tag, (type, count, bytes)) in entries)
        {
            var align = type switch { RpmTagType.Int16 => 2, RpmTagType.Int32 => 4, RpmTagType.Int64 => 8, _ => 1 };
            while (data.Length % align != 0)
            {
                data.WriteByte(0);
            }

            index.Add((tag, type, (int)data.Length, count));
            data.Write(bytes);
        }

        var trailerOffset = (int)data.Length;
        data.Write(IndexEntry(regionTag, RpmTagType.Bin, -(indexCount * 16), 16));
        var dataBytes = data.ToArray();

        var header = new MemoryStream();
        header.Write(Magic);
        Span<byte> counts = stackalloc byte[8];
        BinaryPrimitives.WriteInt32BigEndian(counts, indexCount);
        BinaryPrimitives.WriteInt32BigEndian(counts[4..], dataBytes.Length);
        header.Write(counts);
        header.Write(IndexEntry(regionTag, RpmTagType.Bin, trailerOffset, 16));
        foreach (var (tag, type, offset, count) in index)
        {
            header.Write(IndexEntry(tag, type, offset, count));
        }

        header.Write(dataBytes);
        return header.ToArray();
    }

    private RpmHeaderBuilder Add(int tag, RpmTagType type, int count, byte[] data)
    {
        if (tag <= regionTag || !entries.TryAdd(tag, (type, count, data)))
        {
            throw new InvalidOperationException($"RPM header tag {tag} is reserved or already set");
        }

        return this;
    }

    private static byte[] IndexEntry(int tag, RpmTagType type, int offset, int count)
    {
        var entry = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(entry, tag);
        BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(4), (int)type);
        BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(8), offset);
        BinaryPrimitives.WriteInt32BigEndian(entry.AsSpan(12), count);
        return entry;
    }

    private static byte[] Z(string value) => [.. Encoding.UTF8.GetBytes(value), 0];
}
