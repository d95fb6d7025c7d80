using System.Globalization;
using System.Text;
using KmodForge.Errors;

namespace KmodForge.Packaging.Reading;

/// <summary>A .deb is an ar archive: <c>debian-binary</c>, <c>control.tar.*</c>, <c>data.tar[.gz|.xz|.zst]</c>. This finds the data member.</summary>
internal static class DebContainer
{
    public static ReadOnlySpan<byte> Magic => "!<arch>\n"u8;

    /// <summary>The decompressed data.tar of the .deb open in <paramref name="file"/>.</summary>
    public static Stream OpenDataTar(Stream file, string what)
    {
        file.Position = Magic.Length;
        var header = new byte[60];
        while (file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) == header.Length)
        {
            if (header[58] != '`' || header[59] != '\n')
            {
                throw new PackageReadException($"{what} is not a valid .deb: bad ar member header at offset {file.Position - 60}");
            }

            var name = Encoding.ASCII.GetString(header, 0, 16).TrimEnd().TrimEnd('/');
            if (!long.TryParse(Encoding.ASCII.GetString(header, 48, 10).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                || size > file.Length - file.Position)
            {
                throw new PackageReadException($"{what} is not a valid .deb: ar member {Printable.Quote(name)} has a bad size");
            }

            if (name.StartsWith("data.tar", StringComparison.Ordinal))
            {
                if (name is not ("data.tar" or "data.tar.gz" or "data.tar.xz" or "data.tar.zst"))
                {
                    throw new PackageReadException($"{what}: {name} is not supported; accepted: data.tar, data.tar.gz, data.tar.xz, data.tar.zst");
                }

                return Decompression.Open(new BoundedStream(file, file.Position, size), $"{what} ({name})");
            }

            file.Position += size + (size % 2);
        }

        throw new PackageReadException($"{what} is not a valid .deb: it has no data.tar member");
    }
}
