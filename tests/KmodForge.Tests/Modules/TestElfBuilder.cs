using System.Buffers.Binary;
using System.Text;

namespace KmodForge.Tests.Modules;

/// <summary>
/// Writes small relocatable ELF files (ELF32/ELF64, either byte order) with a .modinfo and a .shstrtab section, for the
/// parser cases no compiler on the host produces (32-bit, big endian, extended section numbering).
/// </summary>
public static class TestElfBuilder
{
    public static byte[] Build(bool is64, bool bigEndian, ushort machine, string[] modinfo, bool extendedNumbering = false)
    {
        var modinfoBytes = Encoding.UTF8.GetBytes(string.Concat(modinfo.Select(m => m + "\0")));
        var shstrtab = Encoding.ASCII.GetBytes("\0.modinfo\0.shstrtab\0");
        var ehsize = is64 ? 64 : 52;
        var shentsize = is64 ? 64 : 40;
        var modinfoOffset = ehsize;
        var shstrtabOffset = modinfoOffset + modinfoBytes.Length;
        var shoff = (shstrtabOffset + shstrtab.Length + 7) & ~7;
        var file = new byte[shoff + (3 * shentsize)];

        file[0] = 0x7F;
        file[1] = (byte)'E';
        file[2] = (byte)'L';
        file[3] = (byte)'F';
        file[4] = (byte)(is64 ? 2 : 1);
        file[5] = (byte)(bigEndian ? 2 : 1);
        file[6] = 1;
        var w = new Writer(file, bigEndian);
        w.U16(16, 1); // ET_REL
        w.U16(18, machine);
        w.U32(20, 1);
        if (is64)
        {
            w.U64(40, (ulong)shoff);
            w.U16(52, (ushort)ehsize);
            w.U16(58, (ushort)shentsize);
            w.U16(60, (ushort)(extendedNumbering ? 0 : 3));
            w.U16(62, (ushort)(extendedNumbering ? 0xFFFF : 2));
        }
        else
        {
            w.U32(32, (uint)shoff);
            w.U16(40, (ushort)ehsize);
            w.U16(46, (ushort)shentsize);
            w.U16(48, (ushort)(extendedNumbering ? 0 : 3));
            w.U16(50, (ushort)(extendedNumbering ? 0xFFFF : 2));
        }

        Array.Copy(modinfoBytes, 0, file, modinfoOffset, modinfoBytes.Length);
        Array.Copy(shstrtab, 0, file, shstrtabOffset, shstrtab.Length);

        // Section 0 carries the real count and string table index under extended numbering.
        Section(w, is64, shoff, 0, 0, 0, 0, extendedNumbering ? 3 : 0, extendedNumbering ? 2u : 0);
        Section(w, is64, shoff + shentsize, 1, 1, modinfoOffset, modinfoBytes.Length, 0, 0);
        Section(w, is64, shoff + (2 * shentsize), 10, 3, shstrtabOffset, shstrtab.Length, 0, 0);
        return file;
    }

    private static void Section(Writer w, bool is64, int at, uint name, uint type, long offset, long size, long sizeOverride, uint link)
    {
        w.U32(at, name);
        w.U32(at + 4, type);
        if (is64)
        {
            w.U64(at + 24, (ulong)offset);
            w.U64(at + 32, (ulong)(sizeOverride != 0 ? sizeOverride : size));
            w.U32(at + 40, link);
        }
        else
        {
            w.U32(at + 16, (uint)offset);
            w.U32(at + 20, (uint)(sizeOverride != 0 ? sizeOverride : size));
            w.U32(at + 24, link);
        }
    }

    private readonly struct Writer(byte[] file, bool bigEndian)
    {
        public void U16(int at, ushort v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt16BigEndian(file.AsSpan(at), v);
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(at), v);
            }
        }

        public void U32(int at, uint v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt32BigEndian(file.AsSpan(at), v);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), v);
            }
        }

        public void U64(int at, ulong v)
        {
            if (bigEndian)
            {
                BinaryPrimitives.WriteUInt64BigEndian(file.AsSpan(at), v);
            }
            else
            {
                BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(at), v);
            }
        }
    }
}
