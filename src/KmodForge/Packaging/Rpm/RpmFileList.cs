using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Packaging.Rpm;

/// <summary>
/// The sorted list of paths an RPM carries: the spec's files, plus the directories the package owns. A module package
/// owns <c>/lib/modules/&lt;release&gt;/extra</c> and the directories under it, never <c>/lib/modules/&lt;release&gt;</c>
/// or anything above (those belong to the kernel package; owning them would make <c>rpm -V</c> and removal touch
/// the kernel's directories). rpm looks files up by binary search, so the list is sorted by path (ordinal, as strcmp).
/// </summary>
internal static partial class RpmFileList
{
    public const int DirectoryMode = RpmFileEntry.DirectoryType | 0b111_101_101;

    public static IReadOnlyList<RpmFileEntry> Build(PackageSpec spec)
    {
        if (InputRules.KernelRelease(spec.KernelRelease) is { } problem)
        {
            throw new ArgumentException($"{nameof(PackageSpec.KernelRelease)}: {Printable.Quote(spec.KernelRelease)} {problem}");
        }

        if (spec.Files.Count == 0)
        {
            throw new ArgumentException($"{nameof(PackageSpec.Files)}: the package has no files; give at least one module");
        }

        var ownedRoot = $"/lib/modules/{spec.KernelRelease}/extra";
        var entries = new SortedDictionary<string, RpmFileEntry>(StringComparer.Ordinal);
        foreach (var file in spec.Files)
        {
            RequireSafeInstallPath(file.InstallPath);
            if ((file.Mode & ~0xFFF) != 0)
            {
                throw new ArgumentException($"{nameof(PackageFile.Mode)} of {Printable.Quote(file.InstallPath)}: {Convert.ToString(file.Mode, 8)} is not a permission mode; give bits within 07777 such as 0644");
            }

            if (!File.Exists(file.SourcePath))
            {
                throw new FileNotFoundException($"{nameof(PackageFile.SourcePath)} of {Printable.Quote(file.InstallPath)}: {Printable.Quote(file.SourcePath)} does not exist or is not a file");
            }

            if (!entries.TryAdd(file.InstallPath, new RpmFileEntry(file.InstallPath, RpmFileEntry.RegularType | file.Mode, File.ReadAllBytes(file.SourcePath))))
            {
                throw new ArgumentException($"{nameof(PackageSpec.Files)}: {Printable.Quote(file.InstallPath)} is listed twice");
            }

            if (file.InstallPath.StartsWith(ownedRoot + "/", StringComparison.Ordinal))
            {
                for (var dir = file.InstallPath[..file.InstallPath.LastIndexOf('/')]; dir.Length >= ownedRoot.Length; dir = dir[..dir.LastIndexOf('/')])
                {
                    entries.TryAdd(dir, new RpmFileEntry(dir, DirectoryMode, []));
                }
            }
        }

        foreach (var entry in entries.Values.Where(e => !e.IsDirectory && entries.TryGetValue(e.Path[..e.Path.LastIndexOf('/')], out var parent) && !parent.IsDirectory))
        {
            throw new ArgumentException($"{nameof(PackageSpec.Files)}: {Printable.Quote(entry.Path)} is inside a path that is also a file");
        }

        return [.. entries.Values];
    }

    private static void RequireSafeInstallPath(string path)
    {
        if (!SafeInstallPath().IsMatch(path) || path.Split('/').Skip(1).Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException(
                $"{nameof(PackageFile.InstallPath)}: {Printable.Quote(path)} is not an install path; give an absolute path of letters, digits and . _ + ~ @ , = - with no empty, '.' or '..' parts, such as /lib/modules/6.1.0-28-amd64/extra/driver.ko");
        }
    }

    [GeneratedRegex(@"^(/[A-Za-z0-9._+~@,=-]+)+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeInstallPath();
}
