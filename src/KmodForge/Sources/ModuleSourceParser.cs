using KmodForge.Configuration;
using KmodForge.Errors;

namespace KmodForge.Sources;

/// <summary>
/// Reads <c>--module-source</c> (and <c>--module-source-ref</c>) into a <see cref="ModuleSourceSpec"/>, validating
/// both before anything reaches the disk, git or the network. The form is told by the value: <c>git+</c> is a git
/// repository; an existing directory is used in place (or, with a ref, is a local git repository); a file is a
/// package or a tarball by its name.
/// </summary>
public static class ModuleSourceParser
{
    public const string SourceField = "--module-source";

    public const string RefField = "--module-source-ref";

    private static readonly string[] PackageSuffixes = [".deb", ".rpm"];

    private static readonly string[] TarballSuffixes = [".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.zst", ".tzst"];

    public static ModuleSourceSpec Parse(string value, string? gitRef, string baseDirectory)
    {
        if (gitRef is not null && GitLocation.RefProblem(gitRef) is { } refProblem)
        {
            throw Error(RefField, gitRef, refProblem);
        }

        if (value.StartsWith(GitLocation.Prefix, StringComparison.Ordinal))
        {
            return ParseGit(value, gitRef, baseDirectory);
        }

        if (value.Length == 0 || value.Any(char.IsControl))
        {
            throw Error(SourceField, value, "is empty or has a control character; " + ModuleSourceSpec.AcceptedForms);
        }

        var path = Path.GetFullPath(value, baseDirectory);
        if (Directory.Exists(path))
        {
            return gitRef is null ? new ModuleSourceSpec(ModuleSourceKind.Directory, path) : Git(value, path, gitRef);
        }

        if (!File.Exists(path))
        {
            throw Error(SourceField, value, $"does not exist (resolved to {Printable.Quote(path, 200)}); {ModuleSourceSpec.AcceptedForms}");
        }

        var kind = PackageSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase)) ? ModuleSourceKind.Package
            : TarballSuffixes.Any(s => path.EndsWith(s, StringComparison.OrdinalIgnoreCase)) ? ModuleSourceKind.Tarball
            : throw Error(SourceField, value, "is a file that is neither a package nor a tarball by its name; " + ModuleSourceSpec.AcceptedForms);
        if (gitRef is not null)
        {
            throw Error(RefField, gitRef, $"applies only to a git repository, and {SourceField} is a {kind.ToString().ToLowerInvariant()}; remove it, or give a git repository");
        }

        return new ModuleSourceSpec(kind, path);
    }

    private static ModuleSourceSpec ParseGit(string value, string? gitRef, string baseDirectory)
    {
        var (location, inlineRef) = GitLocation.Split(value[GitLocation.Prefix.Length..]);
        if (inlineRef is not null && gitRef is not null)
        {
            throw Error(RefField, gitRef, $"is a second ref: {SourceField} already names the ref {Printable.Quote(inlineRef)}; give one of them");
        }

        if (inlineRef is not null && GitLocation.RefProblem(inlineRef) is { } problem)
        {
            throw Error(SourceField, GitLocation.Redact(value), $"has the ref {Printable.Quote(inlineRef)}, which {problem}");
        }

        if (location.Contains("://", StringComparison.Ordinal))
        {
            if (GitLocation.UrlProblem(location) is { } urlProblem)
            {
                throw Error(SourceField, GitLocation.Redact(value), urlProblem);
            }

            return new ModuleSourceSpec(ModuleSourceKind.Git, location, inlineRef ?? gitRef);
        }

        var path = location.Length == 0 || location.Any(char.IsControl) ? null : Path.GetFullPath(location, baseDirectory);
        if (path is null || !Directory.Exists(path))
        {
            throw Error(SourceField, value, "names a local git repository that is not a directory; " + ModuleSourceSpec.AcceptedForms);
        }

        return Git(value, path, inlineRef ?? gitRef);
    }

    private static ModuleSourceSpec Git(string value, string path, string? gitRef)
    {
        if (!Directory.Exists(Path.Combine(path, ".git")) && !File.Exists(Path.Combine(path, "HEAD")) && !File.Exists(Path.Combine(path, ".git")))
        {
            throw Error(SourceField, value, $"is not a git repository (no .git in {Printable.Quote(path, 200)}), so a ref cannot apply; {ModuleSourceSpec.AcceptedForms}");
        }

        return new ModuleSourceSpec(ModuleSourceKind.Git, path, gitRef);
    }

    private static SettingsException Error(string field, string value, string problem) => new([new FieldError(field, value, problem).ToString()]);
}
