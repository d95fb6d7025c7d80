using System.Collections.Concurrent;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Service.Builds;

/// <summary>
/// Asks the release store whether a target's package is published, remembering packages it found for a while
/// (a published package does not go away; not-found answers are never remembered). Names come from
/// <see cref="PackageNaming"/>, the same code the publisher and the loader use.
/// </summary>
public sealed class PublishedPackages(IReleaseStore store, ServiceSettings settings, TimeProvider time)
{
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<string, (StoredPackage Package, DateTimeOffset Until)> found = new(StringComparer.Ordinal);

    public IReleaseStore Store => store;

    public string ReleaseTag(BuildTarget target) => PackageNaming.ReleaseTag(target, settings.ReleaseTagTemplate);

    public string FileName(BuildTarget target) => PackageNaming.FileName(settings.DriverName, target);

    /// <summary>The package if it was found recently (memory only, no I/O).</summary>
    public StoredPackage? Remembered(BuildTarget target) =>
        found.TryGetValue(ReleaseTag(target) + "/" + FileName(target), out var remembered) && remembered.Until > time.GetUtcNow() ? remembered.Package : null;

    /// <param name="fresh">True to skip the memory and ask the store (after a build finished).</param>
    public async Task<StoredPackage?> FindAsync(BuildTarget target, bool fresh, CancellationToken cancellationToken)
    {
        var tag = ReleaseTag(target);
        var fileName = FileName(target);
        var key = tag + "/" + fileName;
        var now = time.GetUtcNow();
        if (!fresh && found.TryGetValue(key, out var remembered) && remembered.Until > now)
        {
            return remembered.Package;
        }

        var package = await store.FindAsync(tag, fileName, cancellationToken).ConfigureAwait(false);
        if (package is not null && settings.PublishedCacheTtl > TimeSpan.Zero)
        {
            if (found.Count >= MaxRemembered)
            {
                found.Clear();
            }

            found[key] = (package, now + settings.PublishedCacheTtl);
        }

        return package;
    }
}
