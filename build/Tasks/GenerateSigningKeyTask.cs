using Cake.Frosting;
using KmodForge.Signing.Minisign;

namespace KmodForge.Build.Tasks;

[TaskName("GenerateSigningKey")]
[TaskDescription("Writes a new minisign key pair for signing packages: the secret key (unencrypted, 0600) at --signing-key-output, the public key beside it as .pub; never overwrites.")]
public sealed class GenerateSigningKeyTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var output = context.Settings<PackageSigningSettings>().SigningKeyOutput;
        var key = SigningKeyFile.Generate(System.IO.Path.GetFullPath(output, context.RepositoryRoot));
        context.Log.Info($"wrote the secret key to {output} (0600) and the public key to {output}.pub; key id {key.Id}");
        context.Log.Info($"public key (pin it in the loader's --trusted-keys / KMODFORGE_TRUSTED_KEYS): {key.Base64}");
        context.Log.Info("store the secret key's text as a secret (KMODFORGE_PACKAGE_SIGNING_KEY), then delete the file; see docs/security.md");
    }
}
