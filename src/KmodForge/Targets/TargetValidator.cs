using KmodForge.Errors;

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
    /// <param name="fields">The field names errors use: the interface's own spelling (default: the JSON request's).</param>
    /// <param name="distributions">The distributions the id is looked up in (default: <see cref="DistroRegistry.Default"/>).</param>
    public static ValidationResult Validate(BuildRequest request, TargetFields? fields = null, DistroCatalog? distributions = null) =>
        Validate(request, releaseIsStandIn: false, fields ?? TargetFields.Json, distributions ?? DistroRegistry.Default);

    /// <summary>
    /// Validates every field of a request whose kernel release is not known yet (<c>latest</c>), using
    /// <paramref name="standIn"/> (the distribution's example release) for the release checks: the distro version is
    /// taken as given (or the default), never derived from or matched against the stand-in.
    /// </summary>
    internal static ValidationResult ValidateWithStandInRelease(BuildRequest request, string? standIn, TargetFields? fields = null) =>
        Validate(request with { KernelVersion = standIn }, releaseIsStandIn: true, fields ?? TargetFields.Json, DistroRegistry.Default);

    private static ValidationResult Validate(BuildRequest request, bool releaseIsStandIn, TargetFields f, DistroCatalog distributions)
    {
        var errors = new List<FieldError>();

        var distribution = distributions.Find(request.Distribution);
        if (distribution is null)
        {
            errors.Add(new(f.Distribution, request.Distribution,
                $"is not a supported distribution; accepted: {string.Join(", ", distributions.All.Select(d => d.Id))}"));
        }

        Architecture architecture = default;
        var archOk = ArchitectureNames.TryParse(request.Architecture, out architecture);
        if (!archOk)
        {
            errors.Add(new(f.Architecture, request.Architecture, "is not a supported architecture; accepted: x86_64, aarch64 (or amd64, arm64)"));
        }

        var release = request.KernelVersion;
        var releaseProblem = InputRules.KernelRelease(release);
        if (releaseProblem is not null)
        {
            errors.Add(new(f.KernelRelease, release, releaseProblem));
            release = null;
        }
        else if (distribution is not null && !KernelReleaseShape.Matches(distribution.KernelReleasePattern, release!))
        {
            errors.Add(new(f.KernelRelease, release,
                $"is not a {distribution.DisplayName} kernel release (expected the shape of e.g. '{distribution.KernelReleaseExample}')"));
            release = null;
        }

        if (InputRules.DriverVersion(request.DriverVersion) is { } driverProblem)
        {
            errors.Add(new(f.DriverVersion, request.DriverVersion, driverProblem));
        }

        DistroVersion? version = null;
        if (distribution is not null)
        {
            version = ResolveVersion(distribution, request.DistroVersion, releaseIsStandIn ? null : release, errors, f);
        }

        if (distribution is not null && release is not null && archOk
            && distribution.ArchitectureFromRelease(release) is { } releaseArch && releaseArch != architecture)
        {
            errors.Add(new(f.Architecture, request.Architecture,
                $"does not match {f.KernelRelease} {Printable.Quote(release)}, which is a {releaseArch.KernelName()} kernel"));
        }

        if (errors.Count > 0)
        {
            return new ValidationResult(null, errors);
        }

        return new ValidationResult(new BuildTarget(distribution!, version!, release!, architecture, request.DriverVersion!), []);
    }

    /// <summary>The distro version for a release: given, derived from the release, or the distribution's default.</summary>
    private static DistroVersion? ResolveVersion(Distribution distribution, string? given, string? release, List<FieldError> errors, TargetFields f)
    {
        var derived = release is null ? null : distribution.VersionFromRelease(release);
        string Accepted() => string.Join(", ", distribution.Versions.Select(v => v.Id));

        if (!string.IsNullOrEmpty(given))
        {
            var version = distribution.FindVersion(given);
            if (version is null)
            {
                errors.Add(new(f.DistroVersion, given, $"is not a supported {distribution.DisplayName} version; accepted: {Accepted()}"));
                return null;
            }

            if (derived is not null && derived != version.Id)
            {
                errors.Add(new(f.DistroVersion, given,
                    $"does not match {f.KernelRelease} {Printable.Quote(release)}, which is built for {distribution.Id} {derived}"));
                return null;
            }

            return version;
        }

        if (derived is not null)
        {
            var version = distribution.FindVersion(derived);
            if (version is null)
            {
                errors.Add(new(f.DistroVersion, derived,
                    $"(derived from {f.KernelRelease} {Printable.Quote(release)}) is not a supported {distribution.DisplayName} version; accepted: {Accepted()}"));
            }

            return version;
        }

        return distribution.GetVersion(distribution.DefaultVersion);
    }
}
