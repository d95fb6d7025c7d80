using System.Text;
using KmodForge.Signing.Minisign;

namespace KmodForge.Tests.Signing;

/// <summary>Each way a package's signature is refused, with the one line that says which.</summary>
public sealed class TrustedKeysTests : IDisposable
{
    private const string FileName = "kmodforge-sample-debian-12-6.1.0-41-amd64_v0.1.0_amd64.deb";
    private readonly MinisignSecretKey key = MinisignSecretKey.Generate();
    private readonly MinisignSecretKey other = MinisignSecretKey.Generate();
    private readonly byte[] package = Encoding.UTF8.GetBytes("a kernel module package");

    private static byte[] Hash(byte[] bytes)
    {
        var prehash = new Prehash();
        prehash.Append(bytes);
        return prehash.Finish();
    }

    private string Sign(MinisignSecretKey by, string file = FileName) =>
        MinisignSignature.Create(by, Hash(package), $"timestamp:1\tfile:{file}\tdriver:kmodforge-sample v0.1.0\ttarget:debian/12/x86_64/6.1.0-41-amd64\tbuild:local-1").FileText;

    private PackageSignatureException Refused(string? signature, byte[]? bytes = null, TrustedKeys? trusted = null) =>
        Assert.Throws<PackageSignatureException>(() => (trusted ?? new TrustedKeys([key.PublicKey])).Verify(FileName, signature, Hash(bytes ?? package)));

    [Fact]
    public void Accepts_a_package_signed_by_either_of_two_pinned_keys_and_names_the_key()
    {
        var trusted = TrustedKeys.Parse([key.PublicKey.Base64, other.PublicKey.FileText.Replace('\n', '\n')], "--trusted-keys");

        Assert.Equal(key.PublicKey.Id, trusted.Verify(FileName, Sign(key), Hash(package)));
        Assert.Equal(other.PublicKey.Id, trusted.Verify(FileName, Sign(other), Hash(package)));
    }

    [Fact]
    public void Each_tamper_case_is_refused_with_one_line_saying_which()
    {
        var signature = Sign(key);
        var lines = signature.Split('\n');
        var editedComment = string.Join('\n', lines[0], lines[1], lines[2].Replace("build:local-1", "build:local-2", StringComparison.Ordinal), lines[3], string.Empty);
        var sig = Convert.FromBase64String(lines[1]);
        sig[20] ^= 1;
        var editedSignature = string.Join('\n', lines[0], Convert.ToBase64String(sig), lines[2], lines[3], string.Empty);

        var cases = new (PackageSignatureException Error, SignatureRefusal Expected, string Says)[]
        {
            (Refused(null), SignatureRefusal.Missing, "has no signature"),
            (Refused(Sign(other)), SignatureRefusal.WrongKey, $"signed by key {other.PublicKey.Id}, which is not a trusted key"),
            (Refused(signature, [.. package, 0]), SignatureRefusal.TamperedPackage, "bytes do not match its signature"),
            (Refused(editedComment), SignatureRefusal.TamperedSignature, "signature or trusted comment was altered"),
            (Refused(editedSignature), SignatureRefusal.TamperedSignature, "signature or trusted comment was altered"),
            (Refused("not a signature"), SignatureRefusal.TamperedSignature, "not a minisign signature"),
            (Refused(Sign(key, "kmodforge-sample-debian-12-6.1.0-40-amd64_v0.1.0_amd64.deb")), SignatureRefusal.OtherFile, "names 'kmodforge-sample-debian-12-6.1.0-40-amd64_v0.1.0_amd64.deb', another file"),
        };

        Assert.All(cases, c =>
        {
            Assert.Equal(c.Expected, c.Error.Refusal);
            Assert.Contains(c.Says, c.Error.Message, StringComparison.Ordinal);
            Assert.StartsWith($"refused '{FileName}'", c.Error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', c.Error.Message);
        });
    }

    [Fact]
    public void A_malformed_pinned_key_names_the_setting()
    {
        var error = Assert.Throws<SigningKeyException>(() => TrustedKeys.Parse(["RWQnot-a-key"], "--trusted-keys"));

        Assert.Contains("--trusted-keys: 'RWQnot-a-key' is not a minisign public key", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        key.Dispose();
        other.Dispose();
    }
}
