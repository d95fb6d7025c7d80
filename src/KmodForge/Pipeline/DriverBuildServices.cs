using KmodForge.Compile;
using KmodForge.Containers;
using KmodForge.Containers.Emulation;
using KmodForge.Diagnostics;
using KmodForge.Errors;
using KmodForge.Headers;
using KmodForge.Images;
using KmodForge.Packaging;
using KmodForge.Publishing;
using KmodForge.Signing;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>The collaborators of a driver build: engine, base images, headers, compiler, writers, store, log.</summary>
public sealed record DriverBuildServices(
    IContainerEngine Engine,
    IBaseImageProvider BaseImages,
    HeaderResolver Headers,
    HeaderDownloader HeaderDownloader,
    IReleaseStore Store,
    IReadOnlyDictionary<PackageFormat, IPackageWriter> Writers,
    IBuildLog Log)
{
    /// <summary>The container network for header queries and the header layer (null: the engine's default).</summary>
    public string? HeaderNetwork { get; init; }

    /// <summary>The apt header source, which also answers <c>--kernel-release=latest</c> (null where no apt distribution is built).</summary>
    public AptHeaderSource? Apt { get; init; }

    /// <summary>Records each use of a cached entry and holds the build's lease on its header layer (null: neither).</summary>
    public IO.CacheUse? CacheUse { get; init; }

    /// <summary>The repository namespace of header layers (<c>kmodforge</c> → <c>kmodforge/headers-debian:…</c>).</summary>
    public string LayerNamespace { get; init; } = HeaderLayer.DefaultNamespace;

    /// <summary>Reads the host's binfmt_misc registrations, to check that foreign-architecture containers can run.</summary>
    public IEmulationProbe Emulation { get; init; } = new BinfmtProbe();
}

/// <summary>The resolved, validated options of a driver build (paths made absolute).</summary>
public sealed record DriverBuildOptions(
    string DriverName,
    Sources.ModuleSourceSpec ModuleSource,
    string WorkDirectory,
    string ReleaseTagTemplate,
    TimeSpan CompileTimeout,
    PackageMetadataSettings Metadata,
    string? BuildId)
{
    /// <summary>Module signing (a key and certificate); without them modules are packaged unsigned and the summary says so.</summary>
    public ModuleSigningSettings Signing { get; init; } = new();

    /// <summary>The minisign key that signs the published package; without one the package is published unsigned.</summary>
    public Signing.Minisign.PackageSigningSettings PackageSigning { get; init; } = new();

    /// <summary>Whether a header layer installed by this build is committed for later builds (false on a machine that is thrown away after the build).</summary>
    public bool KeepHeaderLayer { get; init; } = true;

    public static DriverBuildOptions From(DriverBuildSettings settings, PackageMetadataSettings metadata, string baseDirectory)
    {
        if (InputRules.DriverName(settings.DriverName) is { } problem)
        {
            throw new TargetValidationException([new FieldError("--driver-name", settings.DriverName, problem)]);
        }

        Naming.PackageNaming.RequireReleaseTagTemplate(settings.ReleaseTagTemplate);
        var source = Sources.ModuleSourceParser.Parse(settings.ModuleSource, settings.ModuleSourceRef, baseDirectory);
        return new DriverBuildOptions(settings.DriverName, source, Path.GetFullPath(settings.WorkDirectory, baseDirectory),
            settings.ReleaseTagTemplate, settings.CompileTimeout, metadata, settings.BuildId)
        {
            KeepHeaderLayer = settings.KeepHeaderLayer,
        };
    }
}
