using System.Text;

namespace KmodForge.Packaging.Rpm;

/// <summary>
/// Writes a cpio "newc" (SVR4, magic <c>070701</c>, no checksum) archive: 110-byte ASCII-hex headers, NUL-terminated
/// names and data each padded to 4 bytes, ended by <c>TRAILER!!!</c>. Deterministic: callers give every field.
/// </summary>
internal sealed class CpioNewcWriter(Stream output)
{
    public long BytesWritten { get; private set; }

    public void WriteEntry(string name, int inode, int mode, int nlink, long mtime, ReadOnlySpan<byte> data)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var header = new StringBuilder("070701", 110);
        foreach (var field in new long[] { inode, mode, 0, 0, nlink, mtime, data.Length, 0, 0, 0, 0, nameBytes.Length + 1, 0 })
        {
            header.Append(((uint)field).ToString("x8", System.Globalization.CultureInfo.InvariantCulture));
        }

        Write(Encoding.ASCII.GetBytes(header.ToString()));
        Write(nameBytes);
        Write([0]);
        Pad();
        Write(data);
        Pad();
    }

    /// <summary>Writes the <c>TRAILER!!!</c> entry that ends the archive.</summary>
    public void WriteTrailer() => WriteEntry("TRAILER!!!", 0, 0, 1, 0, []);

    private void Write(ReadOnlySpan<byte> bytes)
    {
        output.Write(bytes);
        BytesWritten += bytes.Length;
    }

    private void Pad()
    {
        while (BytesWritten % 4 != 0)
        {
            Write([0]);
        }
    }
}
