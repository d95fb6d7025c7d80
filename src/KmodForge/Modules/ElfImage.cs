using System.Buffers.Binary;
using System.Text;

namespace KmodForge.Modules;

/// <summary>
/// A minimal, defensive ELF reader: the file header and the section headers with their names, for ELF32 and ELF64 in
/// either byte order. Every offset and size is checked against the file before it is used, so a truncated or hostile
/// file gives an <see cref="InvalidDataException"/> saying what is wrong, never an index error.
/// </summary>
public sealed class ElfImage
{
    /// <summary>ET_REL: a relocatable object, which is what a kernel module (.ko) is.</summary>
    public const ushort RelocatableType = 1;

    private const int MaxSections = 1 << 20;

    private readonly ReadOnlyMemory<byte> _bytes;

    private ElfImage(ReadOnlyMemory<byte> bytes, bool is64, bool bigEndian, ushort type, ushort machine, IReadOnlyList<ElfSection> sections)
    {
        _bytes = bytes;
        Is64Bit = is64;
        IsBigEndian = bigEndian;
        Type = type;
        Machine = machine;
        Sections = sections;
    }

    public bool Is64Bit { get; }

    public bool IsBigEndian { get; }

    /// <summary>e_type: 1 relocatable (modules), 2 executable, 3 shared object, 4 core.</summary>
    public ushort Type { get; }

    /// <summary>e_machine: 62 x86-64, 183 AArch64, ...</summary>
    public ushort Machine { get; }

    public IReadOnlyList<ElfSection> Sections { get; }

    public ElfSection? FindSection(string name) => Sections.FirstOrDefault(s => s.Name == name);

    /// <summary>The bytes of a section (empty for SHT_NOBITS).</summary>
    public ReadOnlyMemory<byte> SectionData(ElfSection section) =>
        section.HasFileData ? _bytes.Slice((int)section.Offset, (int)section.Size) : ReadOnlyMemory<byte>.Empty;

    /// <summary>True when the bytes start with the ELF magic.</summary>
    public static bool HasElfMagic(ReadOnlySpan<byte> bytes) =>
        bytes.Length >= 4 && bytes[0] == 0x7F && bytes[1] == (byte)'E' && bytes[2] == (byte)'L' && bytes[3] == (byte)'F';

    /// <summary>Parses the ELF file held in <paramref name="bytes"/>; throws <see cref="InvalidDataException"/> when it is not well formed.</summary>
    public static ElfImage Parse(ReadOnlyMemory<byte> bytes)
    {
        var span = bytes.Span;
        if (!HasElfMagic(span))
        {
            throw new InvalidDataException("it does not start with the ELF magic (7f 45 4c 46)");
        }

        if (span.Length < 16)
        {
            throw new InvalidDataException($"it is truncated: {span.Length} bytes, shorter than the ELF identification (16 bytes)");
        }

        var is64 = span[4] switch
        {
            1 => false,
            2 => true,
            var c => throw new InvalidDataException($"its ELF class is {c}; expected 1 (ELF32) or 2 (ELF64)"),
        };
        var bigEndian = span[5] switch
        {
            1 => false,
            2 => true,
            var d => throw new InvalidDataException($"its ELF data encoding is {d}; expected 1 (little endian) or 2 (big endian)"),
        };

        var reader = new FieldReader(bytes, bigEndian);
        var headerSize = is64 ? 64 : 52;
        reader.Require(0, headerSize, "the ELF header");

        var type = reader.U16(16);
        var machine = reader.U16(18);
        long shoff = is64 ? (long)reader.U64(40) : reader.U32(32);
        int shentsize = reader.U16(is64 ? 58 : 46);
        long shnum = reader.U16(is64 ? 60 : 48);
        long shstrndx = reader.U16(is64 ? 62 : 50);

        var sections = shoff == 0 ? [] : ReadSections(reader, is64, shoff, shentsize, shnum, shstrndx);
        return new ElfImage(bytes, is64, bigEndian, type, machine, sections);
    }

    private static List<ElfSection> ReadSections(FieldReader reader, bool is64, long shoff, int shentsize, long shnum, long shstrndx)
    {
        var minEntry = is64 ? 64 : 40;
        if (shentsize < minEntry)
        {
            throw new InvalidDataException($"its section header size is {shentsize} bytes; expected at least {minEntry}");
        }

        reader.Require(shoff, shentsize, "the first section header");
        var raw = new List<RawSection> { ReadRaw(reader, is64, shoff) };

        // Extended numbering: a count of 0 or a string table index of SHN_XINDEX means "see section 0".
        if (shnum == 0)
        {
            shnum = raw[0].Size;
        }

        if (shstrndx == 0xFFFF)
        {
            shstrndx = raw[0].Link;
        }

        if (shnum > MaxSections)
        {
            throw new InvalidDataException($"it claims {shnum} sections; at most {MaxSections} are accepted");
        }

        reader.Require(shoff, shnum * shentsize, $"the {shnum} section headers");
        for (long i = 1; i < shnum; i++)
        {
            raw.Add(ReadRaw(reader, is64, shoff + (i * shentsize)));
        }

        if (shstrndx >= shnum)
        {
            throw new InvalidDataException($"its section name string table index {shstrndx} is past the {shnum} sections");
        }

        var names = raw[(int)shstrndx];
        if (names.Type != ElfSection.NoBits)
        {
            reader.Require(names.Offset, names.Size, "the section name string table");
        }

        var result = new List<ElfSection>(raw.Count);
        foreach (var s in raw)
        {
            if (s.Type != ElfSection.NoBits)
            {
                reader.Require(s.Offset, s.Size, $"a section's data (offset {s.Offset}, size {s.Size})");
            }

            result.Add(new ElfSection(reader.CString(names.Offset, names.Size, s.NameOffset), s.Type, s.Offset, s.Size));
        }

        return result;
    }

    private static RawSection ReadRaw(FieldReader r, bool is64, long at) => is64
        ? new RawSection(r.U32(at), r.U32(at + 4), (long)r.U64(at + 24), (long)r.U64(at + 32), r.U32(at + 40))
        : new RawSection(r.U32(at), r.U32(at + 4), r.U32(at + 16), r.U32(at + 20), r.U32(at + 24));

    private readonly record struct RawSection(uint NameOffset, uint Type, long Offset, long Size, uint Link);

    /// <summary>Bounds-checked integer and string reads in the file's byte order.</summary>
    private readonly struct FieldReader(ReadOnlyMemory<byte> bytes, bool bigEndian)
    {
        public void Require(long offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset > bytes.Length || length > bytes.Length - offset)
            {
                throw new InvalidDataException(
                    $"it is truncated or malformed: {what} (bytes {offset}..{offset + length}) lies outside the file ({bytes.Length} bytes)");
            }
        }

        public ushort U16(long at)
        {
            Require(at, 2, "a header field");
            var s = bytes.Span.Slice((int)at, 2);
            return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
        }

        public uint U32(long at)
        {
            Require(at, 4, "a header field");
            var s = bytes.Span.Slice((int)at, 4);
            return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s);
        }

        public ulong U64(long at)
        {
            Require(at, 8, "a header field");
            var s = bytes.Span.Slice((int)at, 8);
            var value = bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s);
            return value > long.MaxValue ? throw new InvalidDataException($"it has an offset or size of {value}, past any file") : value;
        }

        /// <summary>The NUL-terminated string at <paramref name="index"/> inside the table at [tableOffset, tableOffset+tableSize).</summary>
        public string CString(long tableOffset, long tableSize, uint index)
        {
            if (index >= tableSize)
            {
                throw new InvalidDataException($"a section name offset ({index}) lies outside the section name string table ({tableSize} bytes)");
            }

            var table = bytes.Span.Slice((int)tableOffset, (int)tableSize)[(int)index..];
            var end = table.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? table : table[..end]);
        }
    }
}
