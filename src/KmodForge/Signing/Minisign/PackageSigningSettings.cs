using KmodForge.Configuration;

namespace KmodForge.Signing.Minisign;

/// <summary>
/// The key that signs published packages (minisign format). The key text comes only from the environment (a CI or
/// systemd secret), or from a file whose path is given; never from an argument. Without either, packages are published
/// unsigned and the summary says so.
/// </summary>
public sealed class PackageSigningSettings
{
    [Setting("package-signing-key", "minisign secret key (the text of a key file) that signs published packages; environment only (a secret), never logged", Secret = true, EnvironmentOnly = true)]
    public string? Key { get; init; }

    [Setting("package-signing-key-file", "Path of a minisign secret key file that signs published packages (keep it 0600, outside the work directory)")]
    public string? KeyFile { get; init; }

    [Setting("package-signing-key-password", "The password of an encrypted minisign secret key (minisign -G without -W); environment only", Secret = true, EnvironmentOnly = true)]
    public string? Password { get; init; }

    [Setting("signing-key-output", "GenerateSigningKey: where to write the new secret key (0600; the public key goes beside it as .pub)")]
    public string SigningKeyOutput { get; init; } = "kmodforge.key";

    public bool Enabled => !string.IsNullOrWhiteSpace(Key) || !string.IsNullOrWhiteSpace(KeyFile);

    /// <summary>Reads the configured key; throws <see cref="SigningKeyException"/> (never showing key material) when it is unusable.</summary>
    public MinisignSecretKey Load()
    {
        if (!string.IsNullOrWhiteSpace(Key) && !string.IsNullOrWhiteSpace(KeyFile))
        {
            throw new SigningKeyException("KMODFORGE_PACKAGE_SIGNING_KEY and --package-signing-key-file are both set; give one");
        }

        if (!string.IsNullOrWhiteSpace(Key))
        {
            return MinisignSecretKey.Parse(Key, Password, "KMODFORGE_PACKAGE_SIGNING_KEY");
        }

        var field = $"--package-signing-key-file {Errors.Printable.Quote(KeyFile)}";
        string text;
        try
        {
            text = File.ReadAllText(KeyFile ?? throw new InvalidOperationException("package signing is not configured"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigningKeyException($"{field}: cannot be read ({e.GetType().Name}); give a readable minisign secret key file");
        }

        return MinisignSecretKey.Parse(text, Password, field);
    }
}
