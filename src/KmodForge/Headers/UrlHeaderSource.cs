using KmodForge.Errors;
using KmodForge.Net;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// Explicit header package URLs (a kernels.json or kernel-crawler entry's <c>headers</c>, or the
/// <c>--header-urls</c> setting). Each URL is checked to exist (HEAD, with retries); the plan downloads them on the
/// host, checks them, and installs them with the distribution's package manager in the per-kernel layer.
/// </summary>
public sealed class UrlHeaderSource(HttpClient http, HeaderSourceSettings settings) : IHeaderSource
{
    public HeaderSourceKind Kind => HeaderSourceKind.Url;

    public async Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var extension = "." + target.Format.Extension();
        var urls = new List<Uri>();
        foreach (var value in settings.HeaderUrls)
        {
            var (url, problem) = HttpUrls.Parse(value);
            if (url is null)
            {
                return HeaderSourceAnswer.NotFound(Kind, "--header-urls", $"{Printable.Quote(value)} {problem}");
            }

            if (url.AbsolutePath.EndsWith(extension, StringComparison.Ordinal))
            {
                urls.Add(url);
            }
        }

        if (urls.Count == 0)
        {
            return HeaderSourceAnswer.NotFound(Kind, "--header-urls", settings.HeaderUrls.Count == 0 ? "none given" : $"no {extension} URL among {settings.HeaderUrls.Count} given");
        }

        var asked = "HEAD " + string.Join(", ", urls.Select(RetryHandler.Redact));
        foreach (var url in urls)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, url);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return HeaderSourceAnswer.NotFound(Kind, asked, $"{RetryHandler.Redact(url)}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }

        var downloads = urls.Select(u => new HeaderDownload(u, Path.GetFileName(Uri.UnescapeDataString(u.AbsolutePath)))).ToList();
        var files = string.Join(' ', downloads.Select(d => $"{HeaderPlan.DownloadDirectory}/{d.FileName}"));
        return HeaderSourceAnswer.Found(new HeaderPlan(Kind, downloads.Select(d => d.FileName).ToList(), LocalInstallScript(target, files),
            $"url: {string.Join(", ", downloads.Select(d => d.FileName))}") { Downloads = downloads }, asked);
    }

    /// <summary>Installs downloaded package files with the distribution's package manager (which pulls their dependencies).</summary>
    public static string LocalInstallScript(BuildTarget target, string files) => target.Format switch
    {
        PackageFormat.Deb => $"apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends {files} && rm -rf /var/lib/apt/lists/* {HeaderPlan.DownloadDirectory} && test -d {target.Distribution.KernelBuildDirectory(target.KernelRelease)}",
        _ => $"dnf -y install --setopt=install_weak_deps=False {files} && dnf clean all && rm -rf {HeaderPlan.DownloadDirectory} && test -d {target.Distribution.KernelBuildDirectory(target.KernelRelease)}",
    };
}
