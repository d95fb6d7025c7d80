using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Images.ImageCache;

/// <summary>One base image: a distribution version on an architecture.</summary>
public sealed record BaseImageTarget(Distribution Distribution, DistroVersion Version, Architecture Architecture)
{
    public override string ToString() => $"{Distribution.Id}:{Version.Id}:{Architecture.KernelName()}";
}

/// <summary>
/// Which base images the BaseImages task handles: every distro version of <see cref="DistroRegistry"/> on every given
/// architecture, or the entries of a filter (<c>debian:12</c>, <c>ubuntu:24.04:aarch64</c>, <c>fedora</c> for all
/// its versions). Pure; a bad entry is an error naming it and what is accepted.
/// </summary>
public static class BaseImageSelection
{
    public static IReadOnlyList<BaseImageTarget> Select(IReadOnlyList<string> filter, IReadOnlyList<string> architectures)
    {
        var errors = new List<FieldError>();
        var archs = new List<Architecture>();
        foreach (var name in architectures)
        {
            if (ArchitectureNames.TryParse(name, out var a))
            {
                archs.Add(a);
            }
            else
            {
                errors.Add(new("image-architectures", name, "is not an architecture; accepted: x86_64, aarch64 (or amd64, arm64)"));
            }
        }

        var targets = new List<BaseImageTarget>();
        if (filter.Count == 0)
        {
            targets.AddRange(DistroRegistry.All.SelectMany(d => d.Versions.SelectMany(v => archs.Select(a => new BaseImageTarget(d, v, a)))));
        }

        foreach (var entry in filter)
        {
            targets.AddRange(Parse(entry, archs, errors));
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors.Select(e => "--" + e).ToList());
        }

        return targets.Distinct().ToList();
    }

    private static IEnumerable<BaseImageTarget> Parse(string entry, IReadOnlyList<Architecture> defaultArchs, List<FieldError> errors)
    {
        var parts = entry.Split(':');
        var distribution = DistroRegistry.Find(parts[0]);
        if (distribution is null || parts.Length > 3)
        {
            errors.Add(new("images", entry, $"is not distro[:version[:arch]]; distributions: {string.Join(", ", DistroRegistry.All.Select(d => d.Id))}"));
            return [];
        }

        IReadOnlyList<DistroVersion> versions = distribution.Versions;
        if (parts.Length > 1 && parts[1].Length > 0)
        {
            if (distribution.FindVersion(parts[1]) is not { } version)
            {
                errors.Add(new("images", entry, $"names no supported {distribution.DisplayName} version; accepted: {string.Join(", ", distribution.Versions.Select(v => v.Id))}"));
                return [];
            }

            versions = [version];
        }

        IReadOnlyList<Architecture> archs = defaultArchs;
        if (parts.Length > 2)
        {
            if (!ArchitectureNames.TryParse(parts[2], out var arch))
            {
                errors.Add(new("images", entry, "names no supported architecture; accepted: x86_64, aarch64 (or amd64, arm64)"));
                return [];
            }

            archs = [arch];
        }

        return versions.SelectMany(v => archs.Select(a => new BaseImageTarget(distribution, v, a)));
    }
}
