using KmodForge.Configuration;
using KmodForge.Signing.Minisign;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Signing;

/// <summary>Our signatures against Debian's real <c>minisign</c>, both ways, and the key file formats we accept.</summary>
public sealed class MinisignInteropTests : IDisposable
{
    private const string FileName = "kmodforge-sample-debian-12-6.1.0-41-amd64_v0.1.0_amd64.deb";
    private readonly TempDirectory temp = new();

    private static void RequireMinisign()
    {
        Assert.True(ProcessRunner.OnPath("minisign"), "minisign is not installed: run `bash .ci/install.sh`");
    }

    private string Package(byte[]? content = null)
    {
        var path = temp.Combine(FileName);
        File.WriteAllBytes(path, content ?? [.. Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7))]);
        return path;
    }

    [Fact]
    public async Task Minisign_verifies_what_we_sign_and_names_our_trusted_comment()
    {
        RequireMinisign();
        var package = Package();
        var publicKey = SigningKeyFile.Generate(temp.Combine("keys", "kmodforge.key"));
        using var key = new PackageSigningSettings { KeyFile = temp.Combine("keys", "kmodforge.key") }.Load();
        var signature = MinisignSignature.Create(key, await Prehash.OfFileAsync(package, CancellationToken.None), $"file:{FileName}\tbuild:local-1");
        File.WriteAllText(package + ".minisig", signature.FileText);

        var result = ProcessRunner.Run("minisign", "-V", "-p", temp.Combine("keys", "kmodforge.key.pub"), "-m", package);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.Contains($"Trusted comment: file:{FileName}\tbuild:local-1", result.Output, StringComparison.Ordinal);
        Assert.Equal(publicKey.Id, key.PublicKey.Id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? UnixFileMode.UserRead | UnixFileMode.UserWrite : File.GetUnixFileMode(temp.Combine("keys", "kmodforge.key")));

        File.AppendAllText(package, "x");
        Assert.NotEqual(0, ProcessRunner.Run("minisign", "-V", "-p", temp.Combine("keys", "kmodforge.key.pub"), "-m", package).ExitCode);
    }

    [Fact]
    public async Task We_verify_what_minisign_signs_with_an_unencrypted_key_and_read_that_key()
    {
        RequireMinisign();
        var package = Package();
        var (pub, sec) = (temp.Combine("m.pub"), temp.Combine("m.key"));
        Assert.Equal(0, ProcessRunner.Run("minisign", "-G", "-W", "-p", pub, "-s", sec).ExitCode);
        var signed = ProcessRunner.Run("minisign", "-S", "-s", sec, "-m", package);
        Assert.True(signed.ExitCode == 0, signed.Error);

        var trusted = TrustedKeys.Parse([pub], "--trusted-keys");
        var keyId = trusted.Verify(FileName, File.ReadAllText(package + ".minisig"), await Prehash.OfFileAsync(package, CancellationToken.None));

        using var key = MinisignSecretKey.Parse(File.ReadAllText(sec), null, "test key");
        Assert.Equal(key.PublicKey.Id, keyId);
        Assert.Equal(File.ReadAllLines(pub)[1], key.PublicKey.Base64);
    }

    [Fact]
    public async Task Reads_a_password_encrypted_minisign_key_and_refuses_a_wrong_password()
    {
        RequireMinisign();
        var (pub, sec) = (temp.Combine("e.pub"), temp.Combine("e.key"));
        var generated = ProcessRunner.Run("sh", "-c", $"printf 'correct horse\\ncorrect horse\\n' | minisign -G -p '{pub}' -s '{sec}'");
        Assert.True(generated.ExitCode == 0, generated.Output + generated.Error);

        using (var key = new PackageSigningSettings { KeyFile = sec, Password = "correct horse" }.Load())
        {
            Assert.Equal(File.ReadAllLines(pub)[1], key.PublicKey.Base64);
            var package = Package();
            File.WriteAllText(package + ".minisig", MinisignSignature.Create(key, await Prehash.OfFileAsync(package, CancellationToken.None), "file:" + FileName).FileText);
            Assert.Equal(0, ProcessRunner.Run("minisign", "-V", "-p", pub, "-m", package).ExitCode);
        }

        var wrong = Assert.Throws<SigningKeyException>(() => new PackageSigningSettings { KeyFile = sec, Password = "wrong" }.Load());
        Assert.Contains("wrong password", wrong.Message, StringComparison.Ordinal);
        var none = Assert.Throws<SigningKeyException>(() => new PackageSigningSettings { KeyFile = sec }.Load());
        Assert.Contains("KMODFORGE_PACKAGE_SIGNING_KEY_PASSWORD", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_secret_key_is_never_taken_from_an_argument_and_never_shown()
    {
        using var key = MinisignSecretKey.Generate();
        var text = key.FileText();

        var error = Assert.Throws<SettingsException>(() => SettingsBinder.Bind<PackageSigningSettings>(
            n => n == "package-signing-key" ? text : null, _ => null));
        var fromEnvironment = SettingsBinder.Bind<PackageSigningSettings>(_ => null, n => n == "KMODFORGE_PACKAGE_SIGNING_KEY" ? text : null);
        var notAKey = Assert.Throws<SigningKeyException>(() => MinisignSecretKey.Parse("RWQ" + text[60..90], null, "KMODFORGE_PACKAGE_SIGNING_KEY"));

        Assert.Contains("never taken from an argument", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text.Split('\n')[1], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(text[60..90], notAKey.Message, StringComparison.Ordinal);
        using var loaded = fromEnvironment.Load();
        Assert.Equal(key.PublicKey.Id, loaded.PublicKey.Id);
    }

    public void Dispose() => temp.Dispose();
}
