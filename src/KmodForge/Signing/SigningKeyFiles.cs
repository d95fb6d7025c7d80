using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using KmodForge.Errors;

namespace KmodForge.Signing;

/// <summary>
/// The signing key and certificate as files for a container to mount read-only: written to a fresh private directory
/// (0700, key 0600) under the temp folder, checked to be a matching pair, and wiped and deleted on dispose. The key
/// never reaches an image layer, a log or an error message.
/// </summary>
public sealed class SigningKeyFiles : IDisposable
{
    public const string KeyFileName = "signing_key.pem";
    public const string CertificateFileName = "signing_cert.pem";

    private SigningKeyFiles(string directory, string subject)
    {
        Directory = directory;
        CertificateSubject = subject;
    }

    public string Directory { get; }

    public string KeyPath => Path.Combine(Directory, KeyFileName);

    public string CertificatePath => Path.Combine(Directory, CertificateFileName);

    /// <summary>The certificate's subject, safe to log (e.g. <c>CN=Example Secure Boot key</c>).</summary>
    public string CertificateSubject { get; }

    /// <summary>Reads and checks the key and certificate of <paramref name="settings"/>; throws a clear error without key material.</summary>
    public static SigningKeyFiles Create(ModuleSigningSettings settings)
    {
        if (!settings.Enabled)
        {
            throw new InvalidOperationException("module signing is not configured: give --module-signing-key and --module-signing-cert");
        }

        if (string.IsNullOrWhiteSpace(settings.Certificate))
        {
            throw new ArgumentException("--module-signing-cert / KMODFORGE_MODULE_SIGNING_CERT: (missing) is required with --module-signing-key; give the X.509 certificate matching the key");
        }

        var keyPem = ReadPemOrFile(settings.Key!, "--module-signing-key", secret: true);
        if (!keyPem.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
        {
            throw new ArgumentException("--module-signing-key / KMODFORGE_MODULE_SIGNING_KEY: (secret) is not a PEM private key; give an unencrypted '-----BEGIN PRIVATE KEY-----' file");
        }

        var certBytes = settings.Certificate!.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal)
            ? Encoding.ASCII.GetBytes(settings.Certificate)
            : ReadFile(settings.Certificate!, "--module-signing-cert");
        string certPem;
        string subject;
        try
        {
            using var cert = Encoding.ASCII.GetString(certBytes).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)
                ? X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(certBytes))
                : X509CertificateLoader.LoadCertificate(certBytes);
            certPem = cert.ExportCertificatePem();
            subject = cert.Subject;
            using var pair = X509Certificate2.CreateFromPem(certPem, keyPem);
        }
        catch (CryptographicException)
        {
            throw new ArgumentException("--module-signing-key / --module-signing-cert: the certificate cannot be read or does not match the private key (key not shown); give the certificate made from this key");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("kmodforge-signing-").FullName;
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var files = new SigningKeyFiles(directory, subject);
            WritePrivate(files.KeyPath, keyPem, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WritePrivate(files.CertificatePath, certPem, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            return files;
        }
        catch
        {
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Overwrites the key with zeros, then deletes the directory.</summary>
    public void Dispose()
    {
        if (File.Exists(KeyPath))
        {
            var length = new FileInfo(KeyPath).Length;
            using (var f = new FileStream(KeyPath, FileMode.Open, FileAccess.Write))
            {
                f.Write(new byte[length]);
                f.Flush(flushToDisk: true);
            }
        }

        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static void WritePrivate(string path, string content, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        stream.Write(Encoding.ASCII.GetBytes(content));
    }

    private static string ReadPemOrFile(string value, string setting, bool secret) =>
        value.TrimStart().StartsWith("-----BEGIN", StringComparison.Ordinal) ? value : Encoding.ASCII.GetString(ReadFile(value, setting, secret));

    private static byte[] ReadFile(string path, string setting, bool secret = false)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            var shown = secret ? "(secret)" : Printable.Quote(path);
            throw new ArgumentException($"{setting}: {shown} cannot be read ({e.GetType().Name}); give a readable file path or the PEM text");
        }
    }
}
