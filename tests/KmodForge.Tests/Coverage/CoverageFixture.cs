using KmodForge.Coverage;
using KmodForge.Kernels;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;

namespace KmodForge.Tests.Coverage;

/// <summary>
/// A small coverage world: four Debian 12 and 13 kernels (one on aarch64), an Ubuntu kernel that is not a valid
/// target, a local release store with two published packages, and matrix results with one failure.
/// </summary>
internal static class CoverageFixture
{
    public const string KernelsJson = """
        {
          "x86_64": [
            {"target": "debian", "kernelrelease": "6.1.0-55-amd64", "distroversion": "12"},
            {"target": "debian", "kernelrelease": "6.1.0-56-amd64", "distroversion": "12"},
            {"target": "debian", "kernelrelease": "6.12.117+deb12-amd64", "distroversion": "12"},
            {"target": "debian", "kernelrelease": "6.12.117+deb13-amd64", "distroversion": "13"}
          ],
          "aarch64": [
            {"target": "debian", "kernelrelease": "6.1.0-56-arm64", "distroversion": "12"}
          ]
        }
        """;

    public const string ResultsJson = """
        {"format": 1, "matrix_id": "m-42", "run_url": "https://github.com/acme/drivers/actions/runs/42",
         "results": [{"distribution": "debian", "distro_version": "12", "architecture": "x86_64", "kernel_release": "6.1.0-55-amd64",
                      "driver_version": "v0.1.0", "outcome": "failed", "reason": "make: modpost: undefined symbol <x>",
                      "run_url": "https://github.com/acme/drivers/actions/runs/43"}]}
        """;

    public static KernelList Kernels() => KernelListJson.Parse(System.Text.Encoding.UTF8.GetBytes(KernelsJson), "kernels.json");

    /// <summary>Publishes a small stand-in package for a kernel into <paramref name="store"/>; returns its bytes' length.</summary>
    public static async Task<StoredPackage> PublishAsync(LocalDirectoryReleaseStore store, string scratch, string kernel, string arch = "x86_64", string distroVersion = "12", string version = "v0.1.0")
    {
        var target = TargetValidator.Validate(new BuildRequest(kernel, arch, "debian", distroVersion, version)).GetTargetOrThrow();
        var path = Path.Combine(scratch, PackageNaming.FileName(PackageNaming.DefaultDriverName, target));
        Directory.CreateDirectory(scratch);
        await File.WriteAllTextAsync(path, "package bytes of " + kernel);
        return await store.PublishAsync(PackageNaming.ReleaseTag(target), path, CancellationToken.None);
    }

    public static async Task<CoverageReport> BuildAsync(string root, IReadOnlyList<string>? versions = null)
    {
        var store = new LocalDirectoryReleaseStore(Path.Combine(root, "releases"));
        await PublishAsync(store, Path.Combine(root, "scratch"), "6.1.0-56-amd64");
        await PublishAsync(store, Path.Combine(root, "scratch"), "6.12.117+deb13-amd64", distroVersion: "13");
        File.WriteAllText(Path.Combine(root, "results.json"), ResultsJson);
        return await new CoverageBuilder(store, PackageNaming.DefaultDriverName, PackageNaming.DefaultReleaseTagTemplate)
            .BuildAsync(Kernels(), versions ?? ["v0.1.0"], MatrixResults.Read(Path.Combine(root, "results.json")), DateTimeOffset.UnixEpoch, CancellationToken.None);
    }
}
