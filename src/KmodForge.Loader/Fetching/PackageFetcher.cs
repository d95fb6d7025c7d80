using System.Net;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Net;
using System.Security.Cryptography;
using KmodForge.Publishing;
using KmodForge.Signing.Minisign;

namespace KmodForge.Loader.Fetching;

/// <summary>The package is not published (HTTP 404 or no such file).</summary>
public sealed class PackageNotFoundException(string message) : KmodForgeException(message);

/// <summary>
/// Fetches a published package, its <c>.sha256</c> and its <c>.minisig</c> from <c>&lt;base&gt;/&lt;tag&gt;/&lt;file&gt;</c>
/// (an https base such as a GitHub Releases download URL or an S3 bucket URL, or a local directory), verifies the
/// SHA-256 and the signature against the pinned keys before the package is kept, and keeps it in a local cache so a
/// reboot does not download again (a cached package is verified again each run). A refused package is never kept.
/// </summary>
/// <param name="trust">The pinned keys; null accepts unsigned packages (the loader warns each run).</param>
public sealed class PackageFetcher(HttpClient http, string releaseBase, string cacheDirectory, IBuildLog log, TrustedKeys? trust)
{
    /// <summary>The key id that signed the last package fetched (null when unsigned packages are accepted).</summary>
    public string? SignatureKeyId { get; private set; }

    /// <summary>The verified package path (from the cache when it is there and still matches its checksum and signature).</summary>
    public async Task<string> FetchAsync(string tag, string fileName, CancellationToken cancellationToken)
    {
        var cached = Path.Combine(cacheDirectory, tag, fileName);
        var expected = await ReadChecksumAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        var signature = trust is null ? null : await ReadOptionalAsync(tag, fileName + SignedPublisher.SignatureSuffix, cancellationToken).ConfigureAwait(false);
        if (File.Exists(cached) && await FileHashing.Sha256HexAsync(cached, cancellationToken).ConfigureAwait(false) == expected)
        {
            try
            {
                SignatureKeyId = trust?.Verify(fileName, signature, await Prehash.OfFileAsync(cached, cancellationToken).ConfigureAwait(false));
            }
            catch (PackageSignatureException)
            {
                File.Delete(cached);
                throw;
            }

            log.Info($"using cached {cached} (sha256 {expected}{Signed()})");
            return cached;
        }

        await AtomicFile.WriteAsync(cached, async (output, ct) =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var prehash = new Prehash();
            await using (var input = await OpenAsync(tag, fileName, ct).ConfigureAwait(false))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    sha.AppendData(buffer, 0, read);
                    prehash.Append(buffer.AsSpan(0, read));
                    await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }
            }

            // Thrown inside the write, so the refused bytes are deleted and never appear in the cache.
            var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
            if (actual != expected)
            {
                throw new ChecksumMismatchException($"{fileName}: downloaded SHA-256 {actual} does not match the published {expected}; refusing to install it");
            }

            SignatureKeyId = trust?.Verify(fileName, signature, prehash.Finish());
        }, cancellationToken).ConfigureAwait(false);

        log.Info($"downloaded and verified {fileName} (sha256 {expected}{Signed()})");
        return cached;
    }

    private string Signed() => SignatureKeyId is { } id ? $", signed by trusted key {id}" : ", signature not checked: unsigned packages allowed";

    private async Task<string?> ReadOptionalAsync(string tag, string name, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await OpenAsync(tag, name, cancellationToken).ConfigureAwait(false);
            using var reader = new StreamReader(stream);
            var buffer = new char[16 * 1024];
            var length = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new string(buffer, 0, length);
        }
        catch (PackageNotFoundException)
        {
            return null;
        }
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
