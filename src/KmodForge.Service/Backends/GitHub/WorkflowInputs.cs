using KmodForge.Errors;
using KmodForge.Service.Builds;
using KmodForge.Targets;

namespace KmodForge.Service.Backends.GitHub;

/// <summary>
/// The <c>workflow_dispatch</c> inputs of the build workflow: the seed's five fields (validated, distro version
/// resolved, architecture as the kernel names it) plus <c>build_id</c>, which the workflow puts in its <c>run-name</c>
/// so the service finds its run by id rather than by time.
/// </summary>
public static class WorkflowInputs
{
    public static IReadOnlyDictionary<string, string> For(string buildId, BuildTarget target)
    {
        if (!BuildId.IsValid(buildId))
        {
            throw new ArgumentException($"build id {Printable.Quote(buildId)} is not a build id", nameof(buildId));
        }

        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["kernel_version"] = target.KernelRelease,
            ["architecture"] = target.Architecture.KernelName(),
            ["distribution"] = target.Distribution.Id,
            ["distro_version"] = target.DistroVersion.Id,
            ["driver_version"] = target.DriverVersion,
            ["build_id"] = buildId,
        };
    }
}
