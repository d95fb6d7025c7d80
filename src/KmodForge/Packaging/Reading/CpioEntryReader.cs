using System.Globalization;
using System.Text;
using KmodForge.Errors;

namespace KmodForge.Packaging.Reading;

/// <summary>The entries of a (decompressed) cpio "newc" stream (magic 070701 or 070702), up to <c>TRAILER!!!</c>.</summary>
internal static class CpioEntryReader
{
    private const int HeaderLength = 110;
    private const int MaxNameLength = 4096;

    public static IEnumerable<ArchiveEntry> Read(Stream cpio, string what)
    {
        var header = new byte[HeaderLength];
        long offset = 0;
        while (true)
        {
            ReadExactly(cpio, header, what, ref offset);
            var magic = Encoding.ASCII.GetString(header, 0, 6);
            if (magic == "07070X")
            {
                throw new PackageReadException($"{what} uses rpm's large-file payload (07070X, files over 4 GiB), which is not supported");
            }

            if (magic is not ("070701" or "070702"))
            {
                throw new PackageReadException($"{what} is not a cpio newc archive (bad magic {Printable.Quote(magic)} at payload offset {offset - HeaderLength})");
            }

            long Field(int i) => long.Parse(Encoding.ASCII.GetString(header, 6 + (i * 8), 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var inode = Field(0);
            var mode = (int)Field(1);
            var links = (int)Field(4);
            var size = Field(6);
            var nameSize = (int)Field(11);
            if (nameSize is < 1 or > MaxNameLength)
            {
                throw new PackageReadException($"{what} has a cpio entry with a name length of {nameSize} (at most {MaxNameLength})");
            }

            var nameBytes = new byte[nameSize];
            ReadExactly(cpio, nameBytes, what, ref offset);
            Skip(cpio, Pad(offset), what, ref offset);
            var name = Encoding.UTF8.GetString(nameBytes, 0, nameSize - 1);
            if (name == "TRAILER!!!")
            {
                yield break;
            }

            var type = (mode & 0xF000) switch
            {
                0x8000 => PackageEntryType.File,
                0x4000 => PackageEntryType.Directory,
                0xA000 => PackageEntryType.Symlink,
                _ => PackageEntryType.Other,
            };
            string? linkTarget = null;
            if (type == PackageEntryType.Symlink)
            {
                if (size > MaxNameLength)
                {
                    throw new PackageReadException($"{what}: symlink {Printable.Quote(name)} has a {size}-byte target (at most {MaxNameLength})");
                }

                var target = new byte[size];
                ReadExactly(cpio, target, what, ref offset);
                Skip(cpio, Pad(offset), what, ref offset);
                linkTarget = Encoding.UTF8.GetString(target);
                size = 0;
                yield return new ArchiveEntry(name, 0, mode & 0xFFF, type, linkTarget, Stream.Null);
                continue;
            }

            var data = new CountingWindow(cpio, size);
            yield return new ArchiveEntry(name, size, mode & 0xFFF, type, null, data) { CpioLink = links > 1 ? (inode, links) : null };
            data.DrainRemaining();
            offset += size;
            Skip(cpio, Pad(offset), what, ref offset);
        }
    }

    private static int Pad(long offset) => (int)((4 - (offset % 4)) % 4);

    private static void ReadExactly(Stream s, byte[] buffer, string what, ref long offset)
    {
        if (s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) != buffer.Length)
        {
            throw new PackageReadException($"{what} ends in the middle of a cpio entry (truncated payload)");
        }

        offset += buffer.Length;
    }

    private static void Skip(Stream s, int count, string what, ref long offset)
    {
        if (count > 0)
        {
            ReadExactly(s, new byte[count], what, ref offset);
        }
    }

    /// <summary>The next <paramref name="length"/> bytes of a forward-only stream.</summary>
    private sealed class CountingWindow(Stream inner, long length) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var wanted = (int)Math.Min(buffer.Length, length - read);
            if (wanted <= 0)
            {
                return 0;
            }

            var n = inner.Read(buffer[..wanted]);
            if (n == 0)
            {
                throw new PackageReadException("the payload ends in the middle of a file (truncated payload)");
            }

            read += n;
            return n;
        }

        public void DrainRemaining()
        {
            var buffer = new byte[81920];
            while (Read(buffer) > 0)
            {
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
