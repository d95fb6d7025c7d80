namespace KmodForge.Tests.Support;

/// <summary>
/// A test that needs a real container engine (Podman or Docker). In CI (CI=true) the engine is installed by
/// .ci/install.sh, so the test always runs there and fails if the engine is missing; on a workstation without an
/// engine it is skipped with a message saying how to install one.
/// </summary>
public sealed class ContainerFactAttribute : FactAttribute
{
    public ContainerFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !ProcessRunner.OnPath("podman") && !ProcessRunner.OnPath("docker"))
        {
            Skip = "no container engine on PATH: run `bash .ci/install.sh` (installs Podman) to run this test";
        }
    }
}
