using KmodForge.Errors;
using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;
using KmodForge.Net;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>What the kernel-crawler lists gave: entries seen (malformed ones included) and kernels beyond one per entry.</summary>
public sealed record CrawlerRead(int Entries, int ExtraFlavours);

/// <summary>
/// Reads every kernel-crawler list the settings name (a local file, or a download to a temp file), maps each entry to
/// its kernels and adds them to the matrix. A list with no well-shaped entry at all (every entry malformed, or a crawler
/// outage serving <c>{}</c>) is an error, never an empty matrix.
/// </summary>
public sealed class CrawlerKernels(MatrixSettings settings, HttpClient http)
{
    public async Task<CrawlerRead> AddAsync(MatrixBuilder builder, IReadOnlyList<Architecture> architectures, SkipSummary skips, CancellationToken cancellationToken)
    {
        int entries = 0, flavours = 0;
        foreach (var input in CrawlerInputs.Resolve(settings, architectures))
        {
            var mapper = new CrawlerMapper(input.Architecture, builder.DriverVersion, skips);
            var usable = 0;
            void OnEntry(CrawlerEntry entry)
            {
                usable++;
                foreach (var kernel in mapper.Map(entry))
                {
                    builder.Add(kernel);
                }
            }

            var before = skips.Total;
            var seen = input.IsFile
                ? KernelCrawlerReader.ReadFile(input.Location, OnEntry, skips, cancellationToken)
                : await DownloadAndReadAsync(input.Location, OnEntry, skips, cancellationToken).ConfigureAwait(false);
            if (usable == 0)
            {
                throw new KernelListFormatException(Describe(input), "$",
                    $"has no usable {input.Architecture.KernelName()} entry ({seen} entries, {skips.Total - before} skipped for their shape); "
                    + "a crawler list must hold {\"<distro>\": [{\"kernelversion\", \"kernelrelease\", \"target\", \"headers\"}, ...]}, so the matrix is not replaced by an empty one");
            }

            entries += seen;
            flavours += mapper.ExtraFlavours;
        }

        return new CrawlerRead(entries, flavours);
    }

    private static string Describe(CrawlerInput input) => input.IsFile ? input.Location : RetryHandler.Redact(new Uri(input.Location));

    private async Task<int> DownloadAndReadAsync(string url, Action<CrawlerEntry> onEntry, SkipSummary skips, CancellationToken cancellationToken)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"kmodforge-crawler-{Guid.NewGuid():N}.json");
        try
        {
            using (var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
            {
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"GET {RetryHandler.Redact(new Uri(url))}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
                }

                await using var file = File.Create(temp);
                await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            }

            using var stream = File.OpenRead(temp);
            return KernelCrawlerReader.Read(stream, RetryHandler.Redact(new Uri(url)), onEntry, skips, cancellationToken);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
