using System.Buffers.Binary;
using System.Security.Cryptography;
using KmodForge.Errors;

namespace KmodForge.Headers.Rpm;

/// <summary>A downloaded header package failed its checks.</summary>
public sealed class HeaderDownloadException(string message) : KmodForgeException(message);

/// <summary>
/// Checks an RPM file against its own digests, as <c>rpm -K</c> does for digests: the header's SHA-256 (signature
/// tag 273) and the header+payload MD5 (tag 1004, which is what Koji calls <c>payloadhash</c>), and optionally an
/// expected header+payload MD5 from Koji. A truncated or corrupt download fails here, before it reaches a container.
/// </summary>
public static class RpmFileCheck
{
    private const int LeadSize = 96;
    private static readonly byte[] LeadMagic = [0xED, 0xAB, 0xEE, 0xDB];
    private static readonly byte[] HeaderMagic = [0x8E, 0xAD, 0xE8, 0x01];

    /// <summary>Returns the header+payload MD5 (hex) after checking every digest the file carries.</summary>
    public static string Verify(string path, string? expectedSigMd5 = null)
    {
        var name = Path.GetFileName(path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < LeadSize + 16 || !bytes.AsSpan(0, 4).SequenceEqual(LeadMagic))
        {
            throw new HeaderDownloadException($"{name} is not an RPM package (no RPM lead)");
        }

        var (sigTags, sigEnd) = ReadHeader(bytes, LeadSize, name);
        var mainStart = (sigEnd + 7) & ~7;
        var (_, mainEnd) = ReadHeader(bytes, mainStart, name);

        var md5 = Convert.ToHexStringLower(MD5.HashData(bytes.AsSpan(mainStart)));
        if (sigTags.TryGetValue(1004, out var storedMd5) && Convert.ToHexStringLower(storedMd5) != md5)
        {
            throw new HeaderDownloadException($"{name}: header+payload MD5 {md5} does not match the package's own {Convert.ToHexStringLower(storedMd5)} (corrupt or truncated download)");
        }

        if (sigTags.TryGetValue(273, out var storedSha256))
        {
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(mainStart, mainEnd - mainStart)));
            var stored = System.Text.Encoding.ASCII.GetString(storedSha256).TrimEnd('\0');
            if (!string.Equals(sha, stored, StringComparison.OrdinalIgnoreCase))
            {
                throw new HeaderDownloadException($"{name}: header SHA-256 {sha} does not match the package's own {stored}");
            }
        }

        if (expectedSigMd5 is not null && !string.Equals(expectedSigMd5, md5, StringComparison.OrdinalIgnoreCase))
        {
            throw new HeaderDownloadException($"{name}: header+payload MD5 {md5} does not match the source's payloadhash {expectedSigMd5}");
        }

        return md5;
    }

    /// <summary>Reads a header structure: its tags' raw data (BIN and STRING tags), and the offset just past it.</summary>
    private static (Dictionary<int, byte[]> Tags, int End) ReadHeader(byte[] bytes, int start, string name)
    {
        if (start + 16 > bytes.Length || !bytes.AsSpan(start, 4).SequenceEqual(HeaderMagic))
        {
            throw new HeaderDownloadException($"{name}: RPM header missing at offset {start} (truncated download?)");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(start + 8));
        var dataLength = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(start + 12));
        var dataStart = start + 16 + (count * 16);
        var end = dataStart + dataLength;
        if (count < 0 || dataLength < 0 || count > 100_000 || end > bytes.Length)
        {
            throw new HeaderDownloadException($"{name}: RPM header at offset {start} runs past the end of the file (truncated download?)");
        }

        var tags = new Dictionary<int, byte[]>();
        for (var i = 0; i < count; i++)
        {
            var entry = bytes.AsSpan(start + 16 + (i * 16), 16);
            var (tag, type, offset, n) = (BinaryPrimitives.ReadInt32BigEndian(entry), BinaryPrimitives.ReadInt32BigEndian(entry[4..]),
                BinaryPrimitives.ReadInt32BigEndian(entry[8..]), BinaryPrimitives.ReadInt32BigEndian(entry[12..]));
            if (offset < 0 || dataStart + offset > end)
            {
                continue;
            }

            if (type == 7 && dataStart + offset + n <= end)
            {
                tags[tag] = bytes.AsSpan(dataStart + offset, n).ToArray();
            }
            else if (type == 6)
            {
                var terminator = Array.IndexOf(bytes, (byte)0, dataStart + offset);
                tags[tag] = bytes.AsSpan(dataStart + offset, (terminator < 0 ? end : terminator) - (dataStart + offset)).ToArray();
            }
        }

        return (tags, end);
    }
}
