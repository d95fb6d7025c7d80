using KmodForge.Configuration;

namespace KmodForge.Setup;

/// <summary>Settings of the Prerequisites task.</summary>
public sealed class PrerequisiteSettings
{
    [Setting("install-prerequisites", "As root on Debian or Ubuntu, install what the machine lacks (build/prerequisites.txt); false only checks, naming what is missing.")]
    public bool Install { get; init; } = true;

    [Setting("prerequisites-for", "What the Prerequisites task checks: build (the container tasks' needs) or test (all the tests need); default: test for the Test target, else build.")]
    public PrerequisiteScope? Scope { get; init; }

    [Setting("prerequisites-timeout", "Seconds one install step (apt-get, npm) may take.")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(20);
}
