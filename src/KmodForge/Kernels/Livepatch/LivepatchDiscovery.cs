using System.Security.Cryptography;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Net;
using KmodForge.Targets;

namespace KmodForge.Kernels.Livepatch;

/// <summary>Finds kernel releases in a kernel-livepatch repository.</summary>
public interface ILivepatchSource
{
    /// <param name="repository">A mirror.list URL or a repository base URL; <c>{arch}</c> is replaced by the RPM arch.</param>
    Task<IReadOnlyList<string>> KernelReleasesAsync(string repository, Architecture architecture, CancellationToken cancellationToken);
}

/// <summary>
/// Reads an AL2023 kernel-livepatch repository over HTTP: the mirror list (first URL line is the base), then
/// <c>repodata/repomd.xml</c>, then the <c>primary</c> file it names, whose checksum (from repomd) is verified before it
/// is parsed. Retries, timeouts and backoff come from the <see cref="HttpClient"/>'s handler (use <see cref="RetryHandler"/>).
/// </summary>
public sealed class LivepatchDiscovery(HttpClient http, IBuildLog log) : ILivepatchSource
{
    private const long MaxSmallFile = 4 * 1024 * 1024;
    private const long MaxPrimary = 512L * 1024 * 1024;

    public async Task<IReadOnlyList<string>> KernelReleasesAsync(string repository, Architecture architecture, CancellationToken cancellationToken)
    {
        var url = repository.Replace("{arch}", architecture.RpmName(), StringComparison.Ordinal);
        var baseUri = url.EndsWith("mirror.list", StringComparison.Ordinal)
            ? await MirrorBaseAsync(Absolute(url, "livepatch-repo"), cancellationToken).ConfigureAwait(false)
            : Absolute(url.EndsWith('/') ? url : url + "/", "livepatch-repo");

        var repomdUri = new Uri(baseUri, "repodata/repomd.xml");
        var repomd = await GetBytesAsync(repomdUri, cancellationToken).ConfigureAwait(false);
        var primary = RepoMetadata.Primary(RepoMetadata.Parse(new MemoryStream(repomd), RetryHandler.Redact(repomdUri)), RetryHandler.Redact(repomdUri));
        var primaryUri = Resolve(baseUri, primary.Href);

        var temp = AtomicFile.TempPathBeside(Path.Combine(Path.GetTempPath(), "kmodforge-livepatch", "primary"));
        try
        {
            await DownloadVerifiedAsync(primaryUri, primary, temp, cancellationToken).ConfigureAwait(false);
            using var xml = LivepatchPackages.OpenPrimary(temp, primary.Href);
            var releases = LivepatchPackages.KernelReleases(xml, architecture, RetryHandler.Redact(primaryUri));
            log.Info($"Livepatch repository {RetryHandler.Redact(baseUri)}: {releases.Count} {architecture.KernelName()} kernels");
            return releases;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private async Task<Uri> MirrorBaseAsync(Uri mirrorList, CancellationToken cancellationToken)
    {
        var text = System.Text.Encoding.UTF8.GetString(await GetBytesAsync(mirrorList, cancellationToken).ConfigureAwait(false));
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'))
            ?? throw new InvalidDataException($"{RetryHandler.Redact(mirrorList)}: the mirror list has no URL line.");
        return Absolute(line.EndsWith('/') ? line : line + "/", $"the first line of {RetryHandler.Redact(mirrorList)}");
    }

    /// <summary>A repomd location inside the repository: relative, no '..', no query; anything else is refused.</summary>
    public static Uri Resolve(Uri baseUri, string href)
    {
        if (href.Length == 0 || href.Length > 512 || href.Contains("..", StringComparison.Ordinal) || href.Contains(':', StringComparison.Ordinal)
            || href.StartsWith('/') || href.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+')))
        {
            throw new InvalidDataException($"repomd.xml location {Printable.Quote(href)} is not a relative path inside the repository.");
        }

        return new Uri(baseUri, href);
    }

    private static Uri Absolute(string url, string what) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw new InvalidDataException($"{what}: {Printable.Quote(url)} is not an absolute http(s) URL.");

    private async Task<byte[]> GetBytesAsync(Uri uri, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        if (response.Content.Headers.ContentLength > MaxSmallFile)
        {
            throw new InvalidDataException($"GET {RetryHandler.Redact(uri)}: {response.Content.Headers.ContentLength} bytes is more than {MaxSmallFile} expected for this file.");
        }

        return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new HttpRequestException($"GET {RetryHandler.Redact(uri)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }

        return response;
    }

    private async Task DownloadVerifiedAsync(Uri uri, RepoDataFile file, string path, CancellationToken cancellationToken)
    {
        var algorithm = file.ChecksumType switch
        {
            "sha256" => HashAlgorithmName.SHA256,
            "sha512" => HashAlgorithmName.SHA512,
            "sha384" => HashAlgorithmName.SHA384,
            "sha1" or "sha" => HashAlgorithmName.SHA1,
            _ => throw new InvalidDataException($"repomd.xml: checksum type {Printable.Quote(file.ChecksumType)} of {file.Href} is not supported; supported: sha256, sha384, sha512, sha1"),
        };

        using var response = await SendAsync(uri, cancellationToken).ConfigureAwait(false);
        string actual;
        await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false))
        {
            (actual, _) = await HashingCopy.CopyAsync(source, target, algorithm, cancellationToken, MaxPrimary,
                _ => new InvalidDataException($"GET {RetryHandler.Redact(uri)}: larger than {MaxPrimary / (1024 * 1024)} MB; refusing.")).ConfigureAwait(false);
        }

        if (!string.Equals(actual, file.Checksum, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{RetryHandler.Redact(uri)}: {file.ChecksumType} is {actual}, but repomd.xml says {file.Checksum}; the repository changed mid-read or the download is corrupt.");
        }
    }
}
