using System.Security.Cryptography;
using System.Text.RegularExpressions;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Headers.Rpm;
using KmodForge.IO;
using KmodForge.Net;

namespace KmodForge.Headers;

/// <summary>
/// Downloads the files of a header plan on the host (timeouts, retries with backoff, cancellation, a size limit,
/// progress), and checks each against what its source promised (size, SHA-256, RPM digests) before it can reach a
/// container. Files are written atomically: a failed download leaves nothing behind.
/// </summary>
public sealed partial class HeaderDownloader(HttpClient http, IBuildLog log, long maxBytes)
{
    public static HttpClient CreateHttpClient(HeaderSourceSettings settings, IBuildLog log) =>
        new(new RetryHandler(RetryOptions.Default with { AttemptTimeout = settings.DownloadTimeout }, log)) { Timeout = Timeout.InfiniteTimeSpan };

    public async Task DownloadAsync(HeaderDownload download, string directory, CancellationToken cancellationToken)
    {
        if (!SafeFileName().IsMatch(download.FileName))
        {
            throw new HeaderDownloadException($"refusing header file name {Printable.Quote(download.FileName)}: expected letters, digits and . _ + ~ -");
        }

        var path = Path.Combine(directory, download.FileName);
        var shown = RetryHandler.Redact(download.Url);
        using var response = await http.GetAsync(download.Url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HeaderDownloadException($"GET {shown} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        var total = response.Content.Headers.ContentLength ?? download.Size;
        if (total > maxBytes)
        {
            throw new HeaderDownloadException($"{shown} is {total:N0} bytes, over the {maxBytes:N0}-byte limit (--header-max-size)");
        }

        string sha256 = string.Empty;
        long length = 0;
        await AtomicFile.WriteAsync(path, async (output, ct) =>
        {
            await using var input = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            (sha256, length) = await HashingCopy.CopyAsync(input, output, HashAlgorithmName.SHA256, ct, maxBytes,
                _ => new HeaderDownloadException($"{shown} exceeds the {maxBytes:N0}-byte limit (--header-max-size)"),
                copied => log.Progress(download.FileName, copied, total)).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        try
        {
            Check(download, path, length, sha256);
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        log.Info($"headers: downloaded {download.FileName} ({length:N0} bytes, sha256 {sha256})");
    }

    private static void Check(HeaderDownload download, string path, long length, string sha256)
    {
        if (download.Size is { } size && size != length)
        {
            throw new HeaderDownloadException($"{download.FileName}: got {length:N0} bytes, the source says {size:N0} (truncated download?)");
        }

        if (download.Sha256 is { } expected && !string.Equals(expected, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new HeaderDownloadException($"{download.FileName}: SHA-256 {sha256} does not match the source's {expected}");
        }

        if (download.FileName.EndsWith(".rpm", StringComparison.Ordinal))
        {
            RpmFileCheck.Verify(path, download.RpmSigMd5);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+~-]{0,200}\.(?:rpm|deb)$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeFileName();
}
