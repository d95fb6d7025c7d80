namespace KmodForge.Targets;

/// <summary>
/// A set of distributions that validation and the kernel lists look ids up in. <see cref="DistroRegistry.Default"/> is
/// the supported set; a test builds its own (one more, fake, distribution) without touching the shared one.
/// </summary>
public sealed class DistroCatalog
{
    public DistroCatalog(IReadOnlyList<Distribution> distributions)
    {
        var duplicate = distributions.GroupBy(d => d.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Distribution id '{duplicate.Key}' appears more than once.", nameof(distributions));
        }

        All = distributions;
    }

    /// <summary>Every distribution, in a stable order.</summary>
    public IReadOnlyList<Distribution> All { get; }

    public Distribution? Find(string? id)
    {
        foreach (var distribution in All)
        {
            if (string.Equals(distribution.Id, id, StringComparison.Ordinal))
            {
                return distribution;
            }
        }

        return null;
    }

    public Distribution Get(string id) =>
        Find(id) ?? throw new ArgumentException($"Unknown distribution '{id}'. Supported: {string.Join(", ", All.Select(d => d.Id))}.", nameof(id));

    /// <summary>Every (distribution, version) pair, for base images and the matrix.</summary>
    public IEnumerable<(Distribution Distribution, DistroVersion Version)> AllVersions() =>
        All.SelectMany(d => d.Versions.Select(v => (d, v)));

    /// <summary>This set and <paramref name="more"/> distributions after it.</summary>
    public DistroCatalog With(params Distribution[] more) => new([.. All, .. more]);
}
