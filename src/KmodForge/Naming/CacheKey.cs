using System.Security.Cryptography;
using System.Text;
using KmodForge.Targets;

namespace KmodForge.Naming;

/// <summary>
/// Identifies one binary: every field that changes the built module (driver name, driver version, distribution, distro
/// version, architecture, kernel release). Two requests with the same key want the same package.
/// </summary>
public sealed record CacheKey(string DriverName, BuildTarget Target)
{
    /// <summary>The driver name, validated (it becomes a path segment of <see cref="Id"/>).</summary>
    public string DriverName { get; init => field = PackageNaming.RequireDriverName(value); } = PackageNaming.RequireDriverName(DriverName);

    /// <summary>A readable, path- and URL-safe id: <c>kmodforge-sample/v0.1.0/debian/12/x86_64/6.1.0-28-amd64</c>.</summary>
    public string Id =>
        string.Join('/', DriverName, Target.DriverVersion, Target.Distribution.Id, Target.DistroVersion.Id,
            Target.Architecture.KernelName(), Target.KernelRelease);

    /// <summary>The first 16 hex digits of the SHA-256 of <see cref="Id"/>: short, stable, safe anywhere.</summary>
    public string Hash => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("kmodforge/v1\n" + Id)))[..16];

    public override string ToString() => Id;
}
