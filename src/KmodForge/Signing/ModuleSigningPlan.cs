using System.Text.RegularExpressions;
using KmodForge.Containers;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Signing;

/// <summary>
/// How to sign modules inside the build container with the kernel's own <c>scripts/sign-file sha256 KEY CERT KO</c>:
/// the key and certificate mounted read-only from <see cref="SigningKeyFiles"/> (never copied into an image), sign-file
/// found in the kernel's headers (<c>/lib/modules/R/build</c>, <c>/usr/src/kernels/R</c> or
/// <c>/usr/src/linux-headers-R</c>). Pure: the kernel release and module paths are validated and passed to the
/// script as arguments, never spliced into it.
/// </summary>
public sealed partial record ModuleSigningPlan
{
    public const string DefaultKeyDirectory = "/run/kmodforge-signing";

    /// <summary>The script run by <c>/bin/sh -eu -c</c>; $1 is the kernel release, the rest are the modules.</summary>
    public const string Script = """
        release="$1"; shift
        key="$KMODFORGE_SIGNING_DIR/signing_key.pem"; cert="$KMODFORGE_SIGNING_DIR/signing_cert.pem"
        sign_file=""
        for dir in "/lib/modules/$release/build" "/usr/src/kernels/$release" "/usr/src/linux-headers-$release"; do
          if [ -x "$dir/scripts/sign-file" ]; then sign_file="$dir/scripts/sign-file"; break; fi
        done
        if [ -z "$sign_file" ]; then
          echo "kmodforge: no scripts/sign-file for kernel $release in /lib/modules/$release/build, /usr/src/kernels/$release or /usr/src/linux-headers-$release" >&2
          exit 3
        fi
        for ko in "$@"; do
          "$sign_file" sha256 "$key" "$cert" "$ko"
          echo "kmodforge: signed $ko"
        done
        """;

    private ModuleSigningPlan(string kernelRelease, IReadOnlyList<string> modules, string keyDirectory)
    {
        KernelRelease = kernelRelease;
        Modules = modules;
        KeyDirectory = keyDirectory;
    }

    public string KernelRelease { get; }

    /// <summary>Module paths as the container sees them.</summary>
    public IReadOnlyList<string> Modules { get; }

    /// <summary>Where the key and certificate are mounted in the container.</summary>
    public string KeyDirectory { get; }

    /// <summary>The command: <c>/bin/sh -eu -c SCRIPT kmodforge-sign-modules RELEASE MODULE...</c>.</summary>
    public IReadOnlyList<string> Command => ["/bin/sh", "-eu", "-c", Script, "kmodforge-sign-modules", KernelRelease, .. Modules];

    /// <summary>The environment the script reads (no secret in it: only the mount directory).</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["KMODFORGE_SIGNING_DIR"] = KeyDirectory };

    public static ModuleSigningPlan Create(string kernelRelease, IReadOnlyList<string> modulePaths, string keyDirectory = DefaultKeyDirectory)
    {
        var errors = new List<FieldError>();
        if (InputRules.KernelRelease(kernelRelease) is { } problem)
        {
            errors.Add(new FieldError("kernel_release", kernelRelease, problem));
        }

        if (modulePaths.Count == 0)
        {
            errors.Add(new FieldError("modules", null, "is empty; give at least one .ko to sign"));
        }

        foreach (var path in modulePaths.Append(keyDirectory))
        {
            if (!SafeAbsolutePath().IsMatch(path) || path.Split('/').Any(p => p is "." or ".."))
            {
                errors.Add(new FieldError("modules", path, "is not a safe absolute path (letters, digits and . _ + ~ @ , = -, no '..')"));
            }
        }

        foreach (var path in modulePaths.Where(p => !p.EndsWith(".ko", StringComparison.Ordinal)))
        {
            errors.Add(new FieldError("modules", path, "is not a .ko file; sign modules before compressing them"));
        }

        return errors.Count > 0 ? throw new TargetValidationException(errors) : new ModuleSigningPlan(kernelRelease, modulePaths, keyDirectory);
    }

    /// <summary>The key and certificate files mounted read-only where the script looks for them.</summary>
    public IReadOnlyList<Mount> KeyMounts(SigningKeyFiles files) =>
    [
        new(files.KeyPath, $"{KeyDirectory}/{SigningKeyFiles.KeyFileName}", ReadOnly: true),
        new(files.CertificatePath, $"{KeyDirectory}/{SigningKeyFiles.CertificateFileName}", ReadOnly: true),
    ];

    /// <summary>A container run of the plan: <paramref name="workMounts"/> must make <see cref="Modules"/> visible, writable.</summary>
    public ContainerRunRequest ToRunRequest(string image, SigningKeyFiles files, IReadOnlyList<Mount> workMounts, string? platform) =>
        new(image, Command)
        {
            Mounts = [.. workMounts, .. KeyMounts(files)],
            Environment = Environment,
            Platform = platform,
            Network = "none",
        };

    [GeneratedRegex(@"^(/[A-Za-z0-9._+~@,=-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeAbsolutePath();
}
