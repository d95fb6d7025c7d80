using KmodForge.Errors;
using KmodForge.IO;

namespace KmodForge.Signing.Minisign;

/// <summary>Writes a new key pair: the secret key 0600 (never replacing a file), the public key beside it as <c>.pub</c>.</summary>
public static class SigningKeyFile
{
    /// <summary>Generates and writes a key pair; returns the public key.</summary>
    public static MinisignPublicKey Generate(string secretKeyPath)
    {
        var path = Path.GetFullPath(secretKeyPath);
        var publicPath = path + ".pub";
        if (File.Exists(path) || File.Exists(publicPath))
        {
            throw new SigningKeyException($"--signing-key-output: {Printable.Quote(path)} (or its .pub) already exists; a key is never overwritten. Choose another path, or move the old key away deliberately.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var key = MinisignSecretKey.Generate();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.FileText());
        }

        AtomicFile.WriteAllText(publicPath, key.PublicKey.FileText);
        return key.PublicKey;
    }
}
