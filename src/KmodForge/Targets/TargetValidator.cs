namespace KmodForge.Targets;

/// <summary>The outcome of validating a <see cref="BuildRequest"/>: a target, or one error per bad field.</summary>
public sealed record ValidationResult(BuildTarget? Target, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Target is not null;

    public BuildTarget GetTargetOrThrow() => Target ?? throw new TargetValidationException(Errors);
}

/// <summary>
/// Turns a raw request into a <see cref="BuildTarget"/>. Every field is checked; the result names each bad field, the
/// value given and what is accepted. A missing distro version is derived from the kernel release where the release
/// encodes it (<c>.fc42.</c>, <c>.el10</c>, <c>amzn2023</c>, <c>+deb13</c>), otherwise the distribution's default.
/// </summary>
public static class TargetValidator
{
    public static ValidationResult Validate(BuildRequest request) => Validate(request, releaseIsStandIn: false);

    /// <summary>
    /// Validates every field of a request whose kernel release is not known yet (<c>latest</c>), using
    /// <paramref name="standIn"/> (the distribution's example release) for the release checks: the distro version is
    /// taken as given (or the default), never derived from or matched against the stand-in.
    /// </summary>
    internal static ValidationResult ValidateWithStandInRelease(BuildRequest request, string? standIn) =>
        Validate(request with { KernelVersion = standIn }, releaseIsStandIn: true);

    private static ValidationResult Validate(BuildRequest request, bool releaseIsStandIn)
    {
        var errors = new List<FieldError>();

        var distribution = DistroRegistry.Find(request.Distribution);
        if (distribution is null)
        {
            errors.Add(new("distribution", request.Distribution,
                $"is not a supported distribution; accepted: {string.Join(", ", DistroRegistry.All.Select(d => d.Id))}"));
        }

        Architecture architecture = default;
        var archOk = ArchitectureNames.TryParse(request.Architecture, out architecture);
        if (!archOk)
        {
            errors.Add(new("architecture", request.Architecture, "is not a supported architecture; accepted: x86_64, aarch64 (or amd64, arm64)"));
        }

        var release = request.KernelVersion;
        var releaseProblem = InputRules.KernelRelease(release);
        if (releaseProblem is not null)
        {
            errors.Add(new("kernel_version", release, releaseProblem));
            release = null;
        }
        else if (distribution is not null && !distribution.KernelReleasePattern.IsMatch(release!))
        {
            errors.Add(new("kernel_version", release,
                $"is not a {distribution.DisplayName} kernel release (expected the shape of e.g. '{distribution.KernelReleaseExample}')"));
            release = null;
        }

        if (InputRules.DriverVersion(request.DriverVersion) is { } driverProblem)
        {
            errors.Add(new("driver_version", request.DriverVersion, driverProblem));
        }

        DistroVersion? version = null;
        if (distribution is not null)
        {
            version = ResolveVersion(distribution, request.DistroVersion, releaseIsStandIn ? null : release, errors);
        }

        if (distribution is not null && release is not null && archOk
            && distribution.ArchitectureFromRelease(release) is { } releaseArch && releaseArch != architecture)
        {
            errors.Add(new("architecture", request.Architecture,
                $"does not match kernel_version '{release}', which is a {releaseArch.KernelName()} kernel"));
        }

        if (errors.Count > 0)
        {
            return new ValidationResult(null, errors);
        }

        return new ValidationResult(new BuildTarget(distribution!, version!, release!, architecture, request.DriverVersion!), []);
    }

    /// <summary>The distro version for a release: given, derived from the release, or the distribution's default.</summary>
    private static DistroVersion? ResolveVersion(Distribution distribution, string? given, string? release, List<FieldError> errors)
    {
        var derived = release is null ? null : distribution.VersionFromRelease(release);
        var accepted = string.Join(", ", distribution.Versions.Select(v => v.Id));

        if (!string.IsNullOrEmpty(given))
        {
            var version = distribution.FindVersion(given);
            if (version is null)
            {
                errors.Add(new("distro_version", given, $"is not a supported {distribution.DisplayName} version; accepted: {accepted}"));
                return null;
            }

            if (derived is not null && derived != version.Id)
            {
                errors.Add(new("distro_version", given,
                    $"does not match kernel_version '{release}', which is built for {distribution.Id} {derived}"));
                return null;
            }

            return version;
        }

        if (derived is not null)
        {
            var version = distribution.FindVersion(derived);
            if (version is null)
            {
                errors.Add(new("distro_version", derived,
                    $"(derived from kernel_version '{release}') is not a supported {distribution.DisplayName} version; accepted: {accepted}"));
            }

            return version;
        }

        return distribution.GetVersion(distribution.DefaultVersion);
    }
}
