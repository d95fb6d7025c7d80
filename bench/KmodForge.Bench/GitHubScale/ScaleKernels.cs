using KmodForge.Kernels;
using KmodForge.Targets;

namespace KmodForge.Bench.GitHubScale;

/// <summary>
/// Kernels in the seeds' mix: every (distribution, distro version, architecture) of the registry, kernel releases of
/// each distribution's real shape, spread evenly over them (build i goes to shard i mod shards).
/// </summary>
internal static class ScaleKernels
{
    /// <summary>The registry's shards, each with a function from an ABI number to a kernel release it accepts.</summary>
    public static IReadOnlyList<(Distribution Distribution, DistroVersion Version, Architecture Architecture, Func<int, string> Release)> Shards()
    {
        var shards = new List<(Distribution, DistroVersion, Architecture, Func<int, string>)>();
        foreach (var (distribution, version) in DistroRegistry.AllVersions())
        {
            foreach (var architecture in new[] { Architecture.X86_64, Architecture.Aarch64 })
            {
                if (ReleaseFor(distribution, version, architecture) is { } release && Valid(distribution, version, architecture, release(1)))
                {
                    shards.Add((distribution, version, architecture, release));
                }
            }
        }

        return shards;
    }

    /// <summary>A kernels.json of <paramref name="builds"/> kernels spread over the shards.</summary>
    public static KernelList List(int builds, IReadOnlyList<(Distribution Distribution, DistroVersion Version, Architecture Architecture, Func<int, string> Release)> shards)
    {
        var list = new KernelList();
        for (var i = 0; i < builds; i++)
        {
            var (distribution, version, architecture, release) = shards[i % shards.Count];
            list.Add(architecture, new KernelEntry(distribution.Id, release(1000 + (i / shards.Count)), version.Id, []));
        }

        return list;
    }

    private static Func<int, string>? ReleaseFor(Distribution distribution, DistroVersion version, Architecture architecture)
    {
        var line = distribution.KernelLines.FirstOrDefault(l => l.Value == version.Id).Key;
        var arch = architecture.KernelName();
        return distribution.Id switch
        {
            "ubuntu" when line is not null => n => $"{line}.0-{n}-generic",
            "debian" when line is not null => n => $"{line}.0-{n}-{architecture.DebianName()}",
            "fedora" => n => $"6.14.0-{n}.fc{version.Id}.{arch}",
            "centos" => n => $"{(version.OsReleaseVersionId == "9" ? "5.14.0" : "6.12.0")}-{n}.el{version.OsReleaseVersionId}.{arch}",
            "amazonlinux" => n => $"6.12.58-{n}.121.amzn2023.{arch}",
            _ => null,
        };
    }

    private static bool Valid(Distribution distribution, DistroVersion version, Architecture architecture, string release)
    {
        try
        {
            BuildTarget.Create(distribution.Id, version.Id, release, architecture.KernelName(), "v1.0.0");
            return true;
        }
        catch (TargetValidationException e)
        {
            Console.Error.WriteLine($"  (shard {distribution.Id} {version.Id} {architecture.KernelName()} left out: {e.Message})");
            return false;
        }
    }
}
