using System.Security.Cryptography;
using KmodForge.Errors;
using KmodForge.Packaging.Rpm;

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
    private const int SignatureMd5 = 1004;
    private const int SignatureSha256 = 273;

    /// <summary>Returns the header+payload MD5 (hex) after checking every digest the file carries.</summary>
    public static string Verify(string path, string? expectedSigMd5 = null)
    {
        var name = Path.GetFileName(path);
        using var file = File.OpenRead(path);
        Span<byte> lead = stackalloc byte[RpmLead.Length];
        if (file.ReadAtLeast(lead, lead.Length, false) != lead.Length || !lead.StartsWith(RpmLead.Magic))
        {
            throw new HeaderDownloadException($"{name} is not an RPM package (no RPM lead)");
        }

        RpmHeaderStructure signature, main;
        try
        {
            signature = RpmHeaderStructure.Read(file, "signature");
            file.Position = (signature.End + 7) & ~7L;
            main = RpmHeaderStructure.Read(file, "main");
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new HeaderDownloadException($"{name}: {e.Message} (truncated download?)");
        }

        file.Position = main.Start;
        var md5 = Convert.ToHexStringLower(MD5.HashData(file));
        if (signature.Binary(SignatureMd5) is { } storedMd5 && Convert.ToHexStringLower(storedMd5) != md5)
        {
            throw new HeaderDownloadException($"{name}: header+payload MD5 {md5} does not match the package's own {Convert.ToHexStringLower(storedMd5)} (corrupt or truncated download)");
        }

        if (signature.String(SignatureSha256) is { } stored)
        {
            var header = new byte[main.End - main.Start];
            file.Position = main.Start;
            file.ReadExactly(header);
            var sha = Convert.ToHexStringLower(SHA256.HashData(header));
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
}
