using KmodForge.Containers.Emulation;
using KmodForge.Setup;
using KmodForge.Targets;

namespace KmodForge.Tests.Setup;

/// <summary>A <see cref="HostSystem"/> as a test describes it: a Debian x86_64 machine with the given packages and commands.</summary>
internal sealed class HostStub
{
    public HostFamily Family { get; init; } = HostFamily.Debian;

    public bool IsRoot { get; init; } = true;

    public HashSet<string> Packages { get; init; } = [];

    public HashSet<string> Commands { get; init; } = [];

    public string? ContainersConf { get; init; }

    public BinfmtState Binfmt { get; init; } = BinfmtState.NotMounted;

    public bool DockerAnswers { get; init; }

    /// <summary>How often the Docker daemon was probed (a process start, so a ready machine must not do it).</summary>
    public int DockerProbes { get; private set; }

    public static string ReadyConf => File.ReadAllText(Path.Combine(Support.RepoPaths.Root, "build", "containers.conf"));

    /// <summary>Every entry of the real list installed, Podman configured.</summary>
    public static HostStub Complete(IReadOnlyList<Prerequisite> list) => new()
    {
        Packages = list.Where(p => p.Group != PrerequisiteGroup.Npm).Select(p => p.Name).ToHashSet(),
        ContainersConf = ReadyConf,
        Binfmt = new BinfmtState(true, true, [BinfmtEntry.Parse("qemu-aarch64", "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\noffset 0\nmagic 7f454c460201010000000000000000000200b700\n")]),
    };

    public HostSystem Build() => new(Family, Family + " test host", IsRoot, Architecture.X86_64, Packages, c => Commands.Contains(c), ContainersConf, Binfmt, () =>
    {
        DockerProbes++;
        return DockerAnswers;
    });

    public static IReadOnlyList<Prerequisite> RealList() => PrerequisiteList.Load(Support.RepoPaths.Root);
}
