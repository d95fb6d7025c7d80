using KmodForge.Containers;
using KmodForge.Diagnostics;
using KmodForge.Errors;

namespace KmodForge.Signing;

/// <summary>The signing outcome the build summary shows.</summary>
/// <param name="Signed">True when every module carries a sha256 PKCS#7 signature.</param>
/// <param name="Summary">One line for the summary: "unsigned (...)" or "signed (sha256, CN=...)".</param>
public sealed record ModuleSigningReport(bool Signed, string Summary)
{
    public static readonly ModuleSigningReport Unsigned = new(false, "unsigned (no --module-signing-key given)");
}

/// <summary>
/// Signs built modules in the build container (see <see cref="ModuleSigningPlan"/>) and checks each signature
/// trailer in C# afterwards. Without a key it signs nothing and reports "unsigned".
/// </summary>
public sealed class ModuleSigner(IContainerEngine engine, IBuildLog log)
{
    /// <param name="modules">Each module's host path and the path the container sees it at (through <paramref name="workMounts"/>).</param>
    public async Task<ModuleSigningReport> SignAsync(
        ModuleSigningSettings settings,
        string image,
        string kernelRelease,
        IReadOnlyList<(string HostPath, string ContainerPath)> modules,
        IReadOnlyList<Mount> workMounts,
        string? platform,
        CancellationToken cancellationToken)
    {
        if (!settings.Enabled)
        {
            log.Warning("Module signing: no --module-signing-key given; modules are packaged unsigned (Secure Boot hosts will refuse them)");
            return ModuleSigningReport.Unsigned;
        }

        var plan = ModuleSigningPlan.Create(kernelRelease, [.. modules.Select(m => m.ContainerPath)]);
        using var keys = SigningKeyFiles.Create(settings);
        log.Info($"Signing {modules.Count} module(s) with sha256, certificate {keys.CertificateSubject}");
        var result = await engine.RunAsync(plan.ToRunRequest(image, keys, workMounts, platform), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new ModuleSigningException($"signing modules in {image} failed (exit {result.ExitCode}): {Tail(result.StandardError)}");
        }

        return Verify(modules.Select(m => m.HostPath), keys.CertificateSubject);
    }

    /// <summary>Checks that every module has a sha256 PKCS#7 trailer; throws naming the first that does not.</summary>
    public static ModuleSigningReport Verify(IEnumerable<string> hostPaths, string certificateSubject)
    {
        foreach (var path in hostPaths)
        {
            var info = ModuleSignatureReader.Read(path);
            if (!info.Signed || info.HashAlgorithm != "sha256")
            {
                throw new ModuleSigningException($"{path} is not signed with sha256 after signing: {info.Problem ?? (info.Signed ? info.HashAlgorithm : "no signature trailer")}");
            }
        }

        return new ModuleSigningReport(true, $"signed (sha256, {certificateSubject})");
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "..." + text[^2000..].Trim();
}

/// <summary>Signing modules failed; the message says which step and module.</summary>
public sealed class ModuleSigningException(string message) : KmodForgeException(message);
