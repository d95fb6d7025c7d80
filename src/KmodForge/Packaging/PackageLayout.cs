using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>A package file with its bytes read.</summary>
public sealed record LoadedFile(string InstallPath, int Mode, byte[] Content);

/// <summary>
/// Checks a spec's file list (absolute, normalised install paths of safe characters, no duplicates, sane modes,
/// sources present) and reads the files. Shared by the package writers so they refuse the same layouts.
/// </summary>
public static partial class PackageLayout
{
    public static IReadOnlyList<LoadedFile> Load(PackageSpec spec)
    {
        if (spec.Files.Count == 0)
        {
            throw new ArgumentException($"package {spec.Name} has no files", nameof(spec));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var loaded = new List<LoadedFile>(spec.Files.Count);
        foreach (var file in spec.Files)
        {
            ValidateInstallPath(file.InstallPath);
            if (!seen.Add(file.InstallPath))
            {
                throw new ArgumentException($"package {spec.Name} installs {file.InstallPath} twice", nameof(spec));
            }

            if (file.Mode is < 0 or > 0b111_111_111)
            {
                throw new ArgumentException($"package file {file.InstallPath}: mode {Convert.ToString(file.Mode, 8)} is not a permission mode (0 to 0777)", nameof(spec));
            }

            if (!File.Exists(file.SourcePath))
            {
                throw new FileNotFoundException($"package file {file.InstallPath}: its source {file.SourcePath} does not exist", file.SourcePath);
            }

            loaded.Add(new LoadedFile(file.InstallPath, file.Mode, File.ReadAllBytes(file.SourcePath)));
        }

        return loaded;
    }

    /// <summary>An install path: absolute, '/'-separated segments of letters, digits and <c>. _ + ~ -</c>, no '.' or '..' segment.</summary>
    public static void ValidateInstallPath(string path)
    {
        if (!InstallPathShape().IsMatch(path) || path.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException(
                $"install path {Printable.Quote(path)} is not accepted: it must be absolute and use only letters, digits, '/' and . _ + ~ - (no '.', '..' or empty segments)");
        }
    }

    [GeneratedRegex(@"^(?:/[A-Za-z0-9._+~-]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex InstallPathShape();
}
