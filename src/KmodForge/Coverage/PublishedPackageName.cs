using KmodForge.GitHub;
using KmodForge.Targets;

namespace KmodForge.Coverage;

/// <summary>The target a published package was built for, read back from its stored name.</summary>
public sealed record PublishedTarget(string Distribution, string DistroVersion, Architecture Architecture, string KernelRelease, string DriverVersion);

/// <summary>
/// Reads a stored package name (<see cref="Naming.PackageNaming.FileName"/> as the local store keeps it, or as GitHub
/// keeps it, <see cref="GitHubAssetName.For"/>) back into its distribution, distro version, architecture, kernel release and driver version, trying each
/// registry distribution and version and each of the report's driver versions (the longest match wins). On GitHub a
/// kernel release's characters outside <c>A-Za-z0-9._-</c> were stored as '.', so <c>6.12.107+deb13-amd64</c> reads back
/// as <c>6.12.107.deb13-amd64</c>: the report shows such a package under the name GitHub keeps.
/// </summary>
public static class PublishedPackageName
{
    public static PublishedTarget? TryParse(string driverName, string storedName, IReadOnlyList<string> driverVersions)
    {
        PublishedTarget? best = null;
        var bestPrefix = -1;
        foreach (var (distribution, version) in DistroRegistry.AllVersions())
        {
            var prefix = $"{driverName}-{distribution.Id}-{version.Id}-";
            if (!storedName.StartsWith(prefix, StringComparison.Ordinal))
            {
                prefix = GitHubAssetName.For(prefix);
            }

            if (prefix.Length <= bestPrefix || !storedName.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var architecture in Enum.GetValues<Architecture>())
            {
                foreach (var driverVersion in driverVersions)
                {
                    var suffix = $"_{driverVersion}_{distribution.Format.ArchName(architecture)}.{distribution.Format.Extension()}";
                    suffix = storedName.EndsWith(suffix, StringComparison.Ordinal) ? suffix : GitHubAssetName.For(suffix);
                    if (storedName.Length > prefix.Length + suffix.Length && storedName.EndsWith(suffix, StringComparison.Ordinal))
                    {
                        best = new PublishedTarget(distribution.Id, version.Id, architecture, storedName[prefix.Length..^suffix.Length], driverVersion);
                        bestPrefix = prefix.Length;
                    }
                }
            }
        }

        return best;
    }
}
