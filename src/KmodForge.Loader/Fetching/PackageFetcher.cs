using System.Net;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Net;
using KmodForge.Publishing;

namespace KmodForge.Loader.Fetching;

/// <summary>The package is not published (HTTP 404 or no such file).</summary>
public sealed class PackageNotFoundException(string message) : KmodForgeException(message);

/// <summary>
/// Fetches a published package and its <c>.sha256</c> from <c>&lt;base&gt;/&lt;tag&gt;/&lt;file&gt;</c> (an http(s)
/// base such as a GitHub Releases download URL or an S3 bucket URL, or a local directory), verifies the SHA-256
/// before anything is installed, and keeps it in a local cache so a reboot does not download again.
/// </summary>
public sealed class PackageFetcher(HttpClient http, string releaseBase, string cacheDirectory, IBuildLog log)
{
    /// <summary>The verified package path (from the cache when it is there and still matches its checksum).</summary>
    public async Task<string> FetchAsync(string tag, string fileName, CancellationToken cancellationToken)
    {
        var cached = Path.Combine(cacheDirectory, tag, fileName);
        var expected = await ReadChecksumAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        if (File.Exists(cached) && await FileHashing.Sha256HexAsync(cached, cancellationToken).ConfigureAwait(false) == expected)
        {
            log.Info($"using cached {cached} (sha256 {expected})");
            return cached;
        }

        await AtomicFile.WriteAsync(cached, async (output, ct) =>
        {
            await using var input = await OpenAsync(tag, fileName, ct).ConfigureAwait(false);
            await input.CopyToAsync(output, ct).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var actual = await FileHashing.Sha256HexAsync(cached, cancellationToken).ConfigureAwait(false);
        if (actual != expected)
        {
            File.Delete(cached);
            throw new ChecksumMismatchException($"{fileName}: downloaded SHA-256 {actual} does not match the published {expected}; refusing to install it");
        }

        log.Info($"downloaded and verified {fileName} (sha256 {actual})");
        return cached;
    }

    private async Task<string> ReadChecksumAsync(string tag, string fileName, CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(tag, fileName + ".sha256", cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        return FileHashing.ParseChecksumLine(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<Stream> OpenAsync(string tag, string name, CancellationToken cancellationToken)
    {
        if (!releaseBase.StartsWith("http://", StringComparison.Ordinal) && !releaseBase.StartsWith("https://", StringComparison.Ordinal))
        {
            var path = Path.Combine(releaseBase, tag, name);
            return File.Exists(path) ? File.OpenRead(path) : throw new PackageNotFoundException($"{path} does not exist");
        }

        // GitHub stores assets under a name with characters it does not keep (such as '+') replaced.
        var remote = releaseBase.Contains("/releases/download", StringComparison.Ordinal) ? GitHub.GitHubAssetName.For(name) : name;
        var url = new Uri($"{releaseBase.TrimEnd('/')}/{Uri.EscapeDataString(tag)}/{Uri.EscapeDataString(remote)}");
        var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            response.Dispose();
            throw new PackageNotFoundException($"{RetryHandler.Redact(url)} answered 404");
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"{RetryHandler.Redact(url)} answered HTTP {status}");
        }

        return await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
    }
}
