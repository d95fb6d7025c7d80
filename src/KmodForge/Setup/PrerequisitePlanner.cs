using System.Text.RegularExpressions;
using KmodForge.Containers;
using KmodForge.Containers.Emulation;
using KmodForge.Targets;

namespace KmodForge.Setup;

/// <summary>
/// Decides what the machine lacks for a request, from the one list and what the host reports. Pure: the host's state
/// comes in a <see cref="HostSystem"/>; <see cref="PrerequisiteInstaller"/> acts on the plan.
/// </summary>
public static partial class PrerequisitePlanner
{
    public static PrerequisitePlan Plan(PrerequisiteRequest request, IReadOnlyList<Prerequisite> list, HostSystem host)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(host);
        var debian = host.Family == HostFamily.Debian;
        var packages = new List<Prerequisite>();
        var optional = new List<Prerequisite>();
        var problems = new List<string>();
        List<Prerequisite> Lacking(PrerequisiteGroup group) => list.Where(p => p.Group == group && !host.Has(p)).ToList();

        var writeConf = PlanEngine(request.Engine, Lacking(PrerequisiteGroup.Engine), host, packages, problems);

        var offline = Lacking(PrerequisiteGroup.Offline);
        if (debian)
        {
            (request.Scope == PrerequisiteScope.Test ? packages : optional).AddRange(offline);
        }

        var mount = false;
        var emulate = new List<Architecture>();
        var architectures = request.Scope == PrerequisiteScope.Test ? Enum.GetValues<Architecture>() : request.Architectures;
        foreach (var architecture in architectures.Distinct().Where(a => a != host.Architecture))
        {
            if (debian)
            {
                packages.AddRange(Lacking(PrerequisiteGroup.Emulation).Except(packages));
            }

            try
            {
                EmulationCheck.Decide(architecture, host.Architecture, host.Binfmt);
            }
            catch (EmulationUnavailableException) when (debian)
            {
                mount |= !host.Binfmt.Mounted;
                emulate.Add(architecture);
            }
            catch (EmulationUnavailableException e)
            {
                problems.Add(e.Message);
            }
        }

        if (request.Scope == PrerequisiteScope.Test)
        {
            var tools = Lacking(PrerequisiteGroup.Test);
            if (debian)
            {
                packages.AddRange(tools);
            }
            else if (tools.Count > 0)
            {
                problems.Add($"the tests call Debian's tools; install the equivalents of: {string.Join(", ", tools.Select(t => t.Name))}");
            }
        }

        return new PrerequisitePlan(host, packages, optional, writeConf, mount, emulate, problems);
    }

    /// <summary>Whether containers.conf makes Podman work here: runc as the runtime, and default ulimits.</summary>
    public static bool ContainersConfReady(string? text) =>
        text is not null && RuncRuntime().IsMatch(text) && DefaultUlimits().IsMatch(text);

    /// <summary>Plans the engine; returns whether containers.conf must be written.</summary>
    private static bool PlanEngine(ContainerEngineKind engine, List<Prerequisite> lacking, HostSystem host, List<Prerequisite> packages, List<string> problems)
    {
        if (engine == ContainerEngineKind.Docker)
        {
            if (!host.OnPath("docker"))
            {
                problems.Add("the container engine is set to docker (--container-engine) but `docker` is not on PATH. " + ContainerEngineSelector.InstallHint);
            }

            return false;
        }

        var debian = host.Family == HostFamily.Debian;
        var podmanMissing = debian ? lacking.Count > 0 : !host.OnPath("podman");
        var confMissing = debian && !ContainersConfReady(host.ContainersConf);
        if (!podmanMissing && !confMissing)
        {
            return false;
        }

        if (engine == ContainerEngineKind.Auto && host.OnPath("docker") && host.DockerDaemonAnswers())
        {
            return false; // the Docker daemon is the engine
        }

        if (debian)
        {
            packages.AddRange(lacking);
        }
        else
        {
            problems.Add(host.Family switch
            {
                HostFamily.Fedora => "no container engine: install Podman (`sudo dnf install podman`), or Docker and start its daemon",
                HostFamily.MacOS => "no container engine: install Podman (`brew install podman && podman machine init && podman machine start`) or Docker Desktop",
                _ => "no container engine: " + ContainerEngineSelector.InstallHint,
            });
        }

        return confMissing;
    }

    [GeneratedRegex(@"^\s*runtime\s*=\s*""runc""", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex RuncRuntime();

    [GeneratedRegex(@"^\s*default_ulimits\s*=", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex DefaultUlimits();
}
