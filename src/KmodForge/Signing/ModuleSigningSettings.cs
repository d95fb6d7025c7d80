using KmodForge.Configuration;

namespace KmodForge.Signing;

/// <summary>
/// Kernel module signing (Secure Boot hosts). Each value is a file path or, for CI secrets, the PEM text itself.
/// Without a key, modules are packaged unsigned and the build summary says so.
/// </summary>
public sealed class ModuleSigningSettings
{
    [Setting("module-signing-key", "PEM private key that signs the kernel modules (a path, or the PEM text itself); a secret, never logged", Secret = true)]
    public string? Key { get; init; }

    [Setting("module-signing-cert", "X.509 certificate (PEM or DER path, or PEM text) matching module-signing-key; enroll it with mokutil on Secure Boot hosts")]
    public string? Certificate { get; init; }

    /// <summary>True when a key is given: modules are signed.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Key);
}
