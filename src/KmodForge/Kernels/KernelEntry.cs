using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Kernels;

/// <summary>
/// One kernel of kernels.json: <c>{"target": "amazonlinux", "kernelrelease": "6.12.58-82.121.amzn2023.x86_64",
/// "distroversion": "2023", "headers": [...]}</c>. The architecture is the array the entry sits in.
/// </summary>
/// <param name="Target">The distribution id of <see cref="DistroRegistry"/> (<c>debian</c>, <c>amazonlinux</c>).</param>
/// <param name="KernelRelease">The kernel release as <c>uname -r</c> prints it.</param>
/// <param name="DistroVersion">The distro version id (<c>12</c>, <c>2023</c>, <c>stream10</c>); null when not given.</param>
/// <param name="Headers">Explicit header package URLs, or empty when the distro's package manager finds them.</param>
public sealed record KernelEntry(string Target, string KernelRelease, string? DistroVersion, IReadOnlyList<string> Headers)
{
    /// <summary>Two entries with the same identity are the same kernel (a duplicate), whatever their headers.</summary>
    public (string Target, string? DistroVersion, string KernelRelease) Identity => (Target, DistroVersion, KernelRelease);

    public bool Equals(KernelEntry? other) =>
        other is not null && Target == other.Target && KernelRelease == other.KernelRelease
        && DistroVersion == other.DistroVersion && Headers.SequenceEqual(other.Headers);

    public override int GetHashCode() => HashCode.Combine(Target, KernelRelease, DistroVersion, Headers.Count);

    /// <summary>Validates this entry as a build of <paramref name="driverVersion"/> on <paramref name="architecture"/>.</summary>
    public ValidationResult Validate(Architecture architecture, string driverVersion)
    {
        var result = TargetValidator.Validate(new BuildRequest(KernelRelease, architecture.KernelName(), Target, DistroVersion, driverVersion));
        var urlErrors = Headers.Select((url, i) => HeaderUrl.Problem(url) is { } p ? new FieldError($"headers[{i}]", url, p) : null)
            .OfType<FieldError>().ToList();
        return urlErrors.Count == 0 ? result : new ValidationResult(null, [.. result.Errors, .. urlErrors]);
    }

    /// <summary>Entry order: target, distro version, then kernel release in natural version order.</summary>
    public static IComparer<KernelEntry> Order { get; } = Comparer<KernelEntry>.Create((a, b) =>
    {
        var c = string.CompareOrdinal(a.Target, b.Target);
        if (c == 0) c = NaturalVersionComparer.Instance.Compare(a.DistroVersion, b.DistroVersion);
        if (c == 0) c = NaturalVersionComparer.Instance.Compare(a.KernelRelease, b.KernelRelease);
        return c;
    });
}
