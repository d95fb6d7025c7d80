using KmodForge.Loader;
using KmodForge.Loader.Installing;

namespace KmodForge.Tests.Support;

/// <summary>
/// A node for loader tests, in a folder: its host root with a real os-release, stand-in insmod/modprobe/rmmod that
/// record each call in <see cref="CommandsLog"/>, an empty loaded-modules table, and loader settings over them
/// (extract mode, never the machine's own kernel). Without a trusted key the settings allow unsigned packages.
/// </summary>
internal sealed class TestNode
{
    private readonly TempDirectory temp;
    private readonly string fake;

    public TestNode(TempDirectory temp, string osRelease)
    {
        this.temp = temp;
        Directory.CreateDirectory(temp.Combine("node", "etc"));
        File.WriteAllText(temp.Combine("node", "etc", "os-release"), osRelease);
        fake = temp.Combine("fake-insmod");
        File.WriteAllText(fake, $"#!/bin/sh\necho \"insmod $*\" >> '{CommandsLog}'\n");
        ProcessRunner.Run("chmod", "+x", fake).EnsureSuccess("chmod");
        File.WriteAllText(temp.Combine("proc-modules"), string.Empty);
    }

    /// <summary>One line per stand-in call: <c>insmod &lt;arguments&gt;</c>.</summary>
    public string CommandsLog => temp.Combine("commands.log");

    public LoaderSettings Settings(string kernel, string driverVersion, string releaseBase, string serviceUrl, string serviceToken, string cache = "cache", string? trustedKey = null) => new()
    {
        TrustedKeys = trustedKey is null ? [] : [trustedKey],
        AllowUnsigned = trustedKey is null,
        AllowInsecureHttp = true, // the release base and the service are loopback test servers
        DriverVersion = driverVersion,
        ReleaseBase = releaseBase,
        ServiceUrl = serviceUrl,
        ServiceToken = serviceToken,
        PollInterval = TimeSpan.FromSeconds(1),
        BuildWait = TimeSpan.FromMinutes(25),
        HostRoot = temp.Combine("node"),
        KernelRelease = kernel,
        Architecture = "x86_64",
        CacheDirectory = temp.Combine(cache),
        Mode = InstallMode.Extract,
        InsmodCommand = fake,
        ModprobeCommand = fake,
        RmmodCommand = fake,
        ProcModules = temp.Combine("proc-modules"),
        SysModule = temp.Combine("sys-module"),
    };
}
