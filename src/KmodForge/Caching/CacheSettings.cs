using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Headers;

namespace KmodForge.Caching;

/// <summary>The cache policy's budgets and scope, shared by the Prune task, the builds and the build service's timer.</summary>
public sealed partial class CacheSettings
{
    [Setting("layer-cache-max-size", "Budget for header layers in the container storage (e.g. 20GiB, 512MiB); past it, stale-base layers go first, then the least recently used.")]
    public string LayerCacheMaxSize { get; init; } = "20GiB";

    [Setting("file-cache-max-size", "Budget for downloaded base-image tarballs and bootstrapped root filesystems under the cache folder (e.g. 10GiB); past it, the least recently used go first.")]
    public string FileCacheMaxSize { get; init; } = "10GiB";

    [Setting("layer-namespace", "Repository namespace of header layers: kmodforge gives kmodforge/headers-<distro>:…; Prune works only on layers in it.")]
    public string LayerNamespace { get; init; } = HeaderLayer.DefaultNamespace;

    [Setting("dry-run", SharedSettingTexts.DryRun)]
    public bool DryRun { get; init; }

    [Setting("cache-prune-interval", "Build service: seconds between cache prunes (one also runs after builds, at most this often); 0 turns it off.")]
    public TimeSpan PruneInterval { get; init; } = TimeSpan.FromMinutes(10);

    public long LayerBudgetBytes => Bytes("layer-cache-max-size", LayerCacheMaxSize);

    public long FileBudgetBytes => Bytes("file-cache-max-size", FileCacheMaxSize);

    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        if (!SizeSetting.TryParse(LayerCacheMaxSize, out _))
        {
            errors.Add(new("layer-cache-max-size", LayerCacheMaxSize, "is not " + SizeSetting.Accepted));
        }

        if (!SizeSetting.TryParse(FileCacheMaxSize, out _))
        {
            errors.Add(new("file-cache-max-size", FileCacheMaxSize, "is not " + SizeSetting.Accepted));
        }

        if (!NamespaceShape().IsMatch(LayerNamespace ?? ""))
        {
            errors.Add(new("layer-namespace", LayerNamespace, "is not a repository namespace: lowercase letters and digits, separated by . _ - or / (e.g. kmodforge, ci/kmodforge)"));
        }

        if (PruneInterval < TimeSpan.Zero)
        {
            errors.Add(new("cache-prune-interval", PruneInterval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "is negative; give seconds, or 0 to turn it off"));
        }

        return errors;
    }

    public CacheSettings Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new SettingsException(problems.Select(p => "--" + p).ToList());
    }

    private static long Bytes(string name, string value) =>
        SizeSetting.TryParse(value, out var bytes) ? bytes : throw new SettingsException([new FieldError("--" + name, value, "is not " + SizeSetting.Accepted).ToString()]);

    [GeneratedRegex(@"^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceShape();
}
