using KmodForge.Errors;
using KmodForge.Packaging.Reading;

namespace KmodForge.Sources;

/// <summary>The module source is not in the given package or tarball (no /usr/src/&lt;name&gt;-&lt;version&gt;, several, or an empty tarball).</summary>
public sealed class ModuleSourceException(string message) : InvalidInputException(message);

/// <summary>Extracts a DKMS source package's <c>/usr/src/&lt;name&gt;-&lt;version&gt;</c>, or a tarball's tree, with the project's own readers (no dpkg, rpm or tar needed).</summary>
public static class ArchiveSources
{
    /// <summary>
    /// The one directory <c>/usr/src/&lt;name&gt;-&lt;version&gt;</c> of a package (a DKMS source package's layout); the
    /// error names what /usr/src holds when there is none or several.
    /// </summary>
    public static string DkmsDirectory(string package, IReadOnlyList<PackageEntry> entries)
    {
        var found = entries.Select(e => e.Path.Split('/')).Where(p => p.Length >= 4 && p[1] == "usr" && p[2] == "src")
            .Select(p => p[3]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var candidates = found.Where(d => d.Contains('-', StringComparison.Ordinal)
            && entries.Any(e => e.Path.StartsWith("/usr/src/" + d + "/", StringComparison.Ordinal))).ToList();
        if (candidates.Count == 1)
        {
            return "/usr/src/" + candidates[0];
        }

        var what = found.Count == 0 ? "nothing under /usr/src" : "/usr/src/" + string.Join(", /usr/src/", found.Select(f => Printable.Quote(f)));
        throw new ModuleSourceException(
            $"{ModuleSourceParser.SourceField}: {Printable.Quote(package, 200)} is not a DKMS source package with one module source: it has {what}; " +
            "a DKMS source package (Debian's *-dkms, Fedora/EL akmod or dkms rpms) holds exactly one directory /usr/src/<name>-<version>");
    }

    /// <summary>The tarball's top directory when every entry is under one (<c>/acpi-call-1.2.2</c>), else <c>/</c> (files at the root).</summary>
    public static string TarballRoot(string tarball, IReadOnlyList<PackageEntry> entries)
    {
        if (entries.Count == 0)
        {
            throw new ModuleSourceException($"{ModuleSourceParser.SourceField}: {Printable.Quote(tarball, 200)} is an empty tarball; {ModuleSourceSpec.AcceptedForms}");
        }

        var tops = entries.Select(e => e.Path.Split('/')[1]).Distinct(StringComparer.Ordinal).ToList();
        return tops.Count == 1 && entries.All(e => e.Path != "/" + tops[0] || e.Type == PackageEntryType.Directory) && entries.Any(e => e.Path.Length > tops[0].Length + 1)
            ? "/" + tops[0]
            : "/";
    }

    /// <summary>Extracts the package's DKMS source directory into <paramref name="destination"/>; returns the directory's install path.</summary>
    public static string ExtractPackage(string package, string destination)
    {
        var reader = PackageReader.Open(package);
        var directory = DkmsDirectory(package, reader.ListEntries());
        reader.ExtractTree(directory, destination);
        return directory;
    }

    /// <summary>Extracts the tarball's tree (under its single top directory, if it has one) into <paramref name="destination"/>.</summary>
    public static string ExtractTarball(string tarball, string destination)
    {
        var reader = new TarballReader(tarball);
        var root = TarballRoot(tarball, reader.ListEntries());
        reader.ExtractTree(root, destination);
        return root;
    }
}
