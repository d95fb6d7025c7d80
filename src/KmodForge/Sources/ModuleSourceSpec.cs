namespace KmodForge.Sources;

/// <summary>The forms <c>--module-source</c> accepts.</summary>
public enum ModuleSourceKind
{
    /// <summary>A directory with the module's Kbuild or Makefile (used in place).</summary>
    Directory,

    /// <summary>A DKMS source package, .deb or .rpm, holding one <c>/usr/src/&lt;name&gt;-&lt;version&gt;</c>.</summary>
    Package,

    /// <summary>A source tarball: .tar, .tar.gz/.tgz, .tar.xz/.txz, .tar.zst/.tzst.</summary>
    Tarball,

    /// <summary>A git repository (URL or local path) at a ref.</summary>
    Git,
}

/// <summary>
/// A parsed, validated <c>--module-source</c>: its kind, where it is (an absolute path, or a git URL), and for git the
/// ref (null: the remote's HEAD).
/// </summary>
public sealed record ModuleSourceSpec(ModuleSourceKind Kind, string Location, string? Ref = null)
{
    /// <summary>What the accepted forms are, for error messages.</summary>
    public const string AcceptedForms =
        "accepted: a module source directory (with its Kbuild or Makefile); a DKMS source package (.deb or .rpm with /usr/src/<name>-<version>); " +
        "a source tarball (.tar, .tar.gz, .tgz, .tar.xz, .txz, .tar.zst, .tzst); or a git repository at a ref, " +
        "git+<https|http|ssh|git|file URL or local path>[@<ref>] (or the ref in --module-source-ref)";

    /// <summary>The source as it may be shown in a log: a URL's user name and password are replaced by <c>***</c>.</summary>
    public string Display => Kind == ModuleSourceKind.Git
        ? "git+" + GitLocation.Redact(Location) + (Ref is null ? string.Empty : "@" + Ref)
        : Location;
}
