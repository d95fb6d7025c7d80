using System.Security.Cryptography;
using KmodForge.Errors;

namespace KmodForge.IO;

/// <summary>SHA-256 helpers and the <c>.sha256</c> file format (<c>&lt;hex&gt;  &lt;file name&gt;</c>, as sha256sum writes it).</summary>
public static class FileHashing
{
    public static string Sha256Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static async Task<string> Sha256HexAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The content of a <c>.sha256</c> file for a package, compatible with <c>sha256sum -c</c>.</summary>
    public static string ChecksumLine(string sha256Hex, string fileName) => $"{sha256Hex}  {fileName}\n";

    /// <summary>Reads the hex digest from a <c>.sha256</c> file's content; throws when it has none.</summary>
    public static string ParseChecksumLine(string content)
    {
        var token = content.Split([' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (token is null || token.Length != 64 || !token.All(Uri.IsHexDigit))
        {
            throw new FormatException($"not a SHA-256 checksum file: {Printable.Quote(content)}");
        }

        return token.ToLowerInvariant();
    }
}
