using System.Diagnostics;
using KmodForge.Compile;
using KmodForge.Containers.Emulation;
using KmodForge.Headers;
using KmodForge.Images;
using KmodForge.Modules;
using KmodForge.Naming;
using KmodForge.Packaging;
using KmodForge.Publishing;
using KmodForge.Signing;
using KmodForge.Targets;

namespace KmodForge.Pipeline;

/// <summary>
/// One kernel's driver build, phase by phase: check the store, ensure the base image, the per-kernel header layer,
/// compile, verify, package, publish. Each phase records its duration and result; the Cake tasks call the phases one
/// by one, <see cref="DriverBuildPipeline"/> calls them all.
/// </summary>
public sealed class DriverBuild(BuildTarget target, DriverBuildOptions options, DriverBuildServices services)
{
    private readonly List<(string Phase, TimeSpan Duration)> durations = [];

    public BuildTarget Target { get; } = target;

    public DriverBuildOptions Options { get; } = options;

    public CacheKey Key { get; } = new(options.DriverName, target);

    public string FileName { get; } = PackageNaming.FileName(options.DriverName, target);

    public string Tag { get; } = PackageNaming.ReleaseTag(target, options.ReleaseTagTemplate);

    /// <summary>The build id: the given one (the service's, the workflow's), else a new <c>local-</c> one. Labels every container.</summary>
    public string BuildId { get; } = options.BuildId ?? "local-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));

    /// <summary>This target's scratch directory: <c>&lt;work&gt;/&lt;cache key hash&gt;</c>.</summary>
    public string WorkDirectory => Path.Combine(Options.WorkDirectory, Key.Hash);

    public StoredPackage? Existing { get; private set; }

    public bool AlreadyPublished => Existing is not null;

    public BaseImageResult? BaseImage { get; private set; }

    public HeaderLayerResult? HeaderLayer { get; private set; }

    /// <summary>The module source as a directory (a package, tarball or git ref materialized under the work directory); null until the source phase ran.</summary>
    public string? SourceDirectory { get; private set; }

    public IReadOnlyList<string> Modules { get; private set; } = [];

    /// <summary>Where each module is installed, when the source's dkms.conf says so; null: under extra/.</summary>
    public IReadOnlyList<ModuleInstall>? Installs { get; private set; }

    /// <summary>The compiler the module was built with, as the compile step chose it ("gcc-12 (the kernel's own)").</summary>
    public string? Compiler { get; private set; }

    /// <summary>Whether (and how) the modules were signed; null until the sign phase ran.</summary>
    public ModuleSigningReport? Signing { get; private set; }

    public IReadOnlyList<ModuleInfo> VerifiedModules { get; private set; } = [];

    public string? PackagePath { get; private set; }

    public StoredPackage? Published { get; private set; }

    public IReadOnlyList<(string Phase, TimeSpan Duration)> Durations => durations;

    /// <summary>The package in the store, if this exact target was already published (then nothing else runs).</summary>
    public Task<StoredPackage?> CheckPublishedAsync(CancellationToken cancellationToken) =>
        TimedAsync("check store", async () =>
        {
            Existing = await services.Store.FindAsync(Tag, FileName, cancellationToken).ConfigureAwait(false);
            services.Log.Info(Existing is null
                ? $"{FileName} is not in {services.Store.Description} (tag {Tag}): building"
                : $"{FileName} is already published at {Existing.Location}: nothing to build");
            return Existing;
        });

    public Task<BaseImageResult> EnsureBaseImageAsync(CancellationToken cancellationToken) =>
        TimedAsync("base image", async () =>
        {
            var emulation = EmulationCheck.Ensure(Target.Architecture, services.Emulation);
            services.Log.Info($"{Target.Architecture.OciPlatform()} containers: {emulation.Description}");
            BaseImage = await services.BaseImages.EnsureAsync(Target.Distribution, Target.DistroVersion, Target.Architecture, cancellationToken).ConfigureAwait(false);
            services.Log.Info($"base image {BaseImage.Tag}: {BaseImage.Source.ToString().ToLowerInvariant()}{string.Concat(BaseImage.Notes.Select(n => "; " + n))}");
            return BaseImage;
        });

    public Task<HeaderLayerResult> EnsureHeadersAsync(CancellationToken cancellationToken) =>
        TimedAsync("headers", async () =>
        {
            var (baseImage, baseImageId) = (Require(BaseImage, "base image").Tag, BaseImage!.Id);
            var layer = new Headers.HeaderLayer(services.Engine, services.Headers, services.HeaderDownloader, services.Log, WorkDirectory, services.HeaderNetwork,
                services.CacheUse, services.LayerNamespace);
            ReleaseLayerLease();
            // The compile's mount, so that headers installed in a session container can be compiled against in it.
            var source = Directory.CreateDirectory(CompileDirectory).FullName;
            HeaderLayer = await layer.EnsureAsync(Target, baseImage, cancellationToken, [new Containers.Mount(source, ModuleCompiler.ContainerSourceDirectory)], baseImageId)
                .ConfigureAwait(false);
            return HeaderLayer;
        });

    /// <summary>Makes <c>--module-source</c> a directory: a package's /usr/src tree, a tarball or a git ref, extracted once under the work directory.</summary>
    public Task<string> PrepareSourceAsync(CancellationToken cancellationToken) =>
        TimedAsync("source", async () => SourceDirectory = await new Sources.ModuleSourceResolver(services.Log)
            .ResolveAsync(Options.ModuleSource, Options.WorkDirectory, cancellationToken).ConfigureAwait(false));

    public Task<IReadOnlyList<string>> CompileAsync(CancellationToken cancellationToken) =>
        TimedAsync("compile", async () =>
        {
            var image = Require(HeaderLayer, "headers").Image;
            var source = SourceDirectory ?? await PrepareSourceAsync(cancellationToken).ConfigureAwait(false);
            var compiler = new ModuleCompiler(HeaderLayer!.EngineFor(services.Engine), services.Log);
            var compiled = await compiler.CompileAsync(Target, image, source, WorkDirectory, Options.CompileTimeout, cancellationToken).ConfigureAwait(false);
            (Modules, Compiler, Installs) = (compiled.Modules, compiled.Compiler, compiled.Installs);
            services.Log.Info($"compiled {Modules.Count} module(s): {string.Join(", ", Modules.Select(Path.GetFileName))}");
            return Modules;
        });

    /// <summary>Signs each module inside the per-kernel image with the kernel's own scripts/sign-file (sha256), when a key is set.</summary>
    public Task<ModuleSigningReport> SignAsync(CancellationToken cancellationToken) =>
        TimedAsync("sign", async () =>
        {
            var layer = Require(HeaderLayer, "headers");
            var image = layer.Image;
            var source = CompileDirectory;
            var modules = Modules.Select(m => (m, ModuleCompiler.ContainerSourceDirectory + "/" + Path.GetRelativePath(source, m).Replace('\\', '/'))).ToList();
            Signing = await new ModuleSigner(layer.EngineFor(services.Engine), services.Log).SignAsync(Options.Signing, image, Target.KernelRelease, modules,
                [new Containers.Mount(source, ModuleCompiler.ContainerSourceDirectory)], Target.Architecture.OciPlatform(), cancellationToken).ConfigureAwait(false);
            services.Log.Info($"signing: {Signing.Summary}");
            return Signing;
        });

    public IReadOnlyList<ModuleInfo> Verify() =>
        Timed("verify", () =>
        {
            VerifiedModules = [.. Modules.Select(m => ModuleVerifier.Verify(m, Target))];
            foreach (var module in VerifiedModules)
            {
                services.Log.Info($"verified {Path.GetFileName(module.Path)}: vermagic '{module.Vermagic}'");
            }

            return VerifiedModules;
        });

    public string Package() =>
        Timed("package", () =>
        {
            if (!services.Writers.TryGetValue(Target.Format, out var writer))
            {
                throw new InvalidOperationException($"no {Target.Format.Extension()} package writer is configured");
            }

            var epoch = SourceDateEpoch.Resolve(Key.Id);
            var spec = Installs is null
                ? PackageSpecFactory.ForModules(Options.DriverName, Target, Modules, Options.Metadata, epoch)
                : PackageSpecFactory.ForInstalls(Options.DriverName, Target, Installs, Options.Metadata, epoch);
            var output = Path.Combine(WorkDirectory, "package", FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(output)!);
            writer.Write(spec, output);
            PackagePath = output;
            services.Log.Info($"packaged {FileName} ({new FileInfo(output).Length:N0} bytes)");
            return output;
        });

    public Task<StoredPackage> PublishAsync(CancellationToken cancellationToken) =>
        TimedAsync("publish", async () =>
        {
            using var key = Options.PackageSigning.Enabled ? Options.PackageSigning.Load() : null;
            var comment = $"timestamp:{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}\tfile:{FileName}\tdriver:{Options.DriverName} {Target.DriverVersion}\ttarget:{Target.Distribution.Id}/{Target.DistroVersion.Id}/{Target.Architecture.KernelName()}/{Target.KernelRelease}\tbuild:{BuildId}";
            Published = await SignedPublisher.PublishAsync(services.Store, Tag, Require(PackagePath, "package"), key, comment, cancellationToken).ConfigureAwait(false);
            var signature = Published.SignatureKeyId is { } id ? $"minisign key {id}" : "unsigned: no package signing key set";
            services.Log.Info($"published {Published.FileName} to {Published.Location} (sha256 {Published.Sha256}; {signature})");
            return Published;
        });

    /// <summary>Ends this build's lease on its header layer (taken by the headers phase), so the cache policy may prune it again.</summary>
    public void ReleaseLayerLease() => HeaderLayer?.Lease?.Dispose();

    /// <summary>
    /// Starts committing a header layer installed in the build's session container, in the background: called once
    /// nothing more runs in it (after signing), so the commit overlaps verify, package and publish. A module compiled
    /// there with kbuild (not a dkms.conf build) first fills the layer's compiler probe cache from a copy of its
    /// source (<see cref="ModuleCompiler.ProbeFillScript"/>): the later builds on the layer get the answers, and this
    /// one did not wait for them.
    /// </summary>
    public void StartKeepingLayer()
    {
        if (Options.KeepHeaderLayer && HeaderLayer?.Session is { } session)
        {
            session.StartKeeping(Installs is null && Modules.Count > 0
                ? ["sh", "-c", ModuleCompiler.ProbeFillScript(Target, Environment.ProcessorCount)]
                : null);
        }
    }

    /// <summary>
    /// Ends the build's use of its header layer: waits for the session's commit (timed as "keep header layer"; a
    /// failure is a warning) unless <paramref name="keep"/> is false (a cancelled build: the session is ended
    /// uncommitted; also with <c>--keep-header-layer=false</c>), then releases the lease. Safe to call more than once.
    /// </summary>
    public async Task FinishLayerAsync(bool keep)
    {
        if (HeaderLayer?.Session is { } session)
        {
            var watch = Stopwatch.StartNew();
            await session.FinishAsync(keep && Options.KeepHeaderLayer).ConfigureAwait(false);
            if (!durations.Any(d => d.Phase == KeepLayerPhase))
            {
                durations.Add((KeepLayerPhase, watch.Elapsed));
            }
        }

        ReleaseLayerLease();
    }

    /// <summary>The phase that waits for the header layer's commit after the package was published.</summary>
    public const string KeepLayerPhase = "keep header layer";

    /// <summary>Where the module source is copied and compiled (mounted at <see cref="ModuleCompiler.ContainerSourceDirectory"/>).</summary>
    private string CompileDirectory => Path.Combine(WorkDirectory, "src");

    /// <summary>The summary of what was done, for the console, the step summary and the service.</summary>
    public DriverBuildSummary Summary() => new(this);

    public DriverBuildResult Result() =>
        new(Target, Published ?? Existing ?? throw new InvalidOperationException("the build has not published anything yet"), AlreadyPublished, durations);

    private T Timed<T>(string phase, Func<T> action)
    {
        using var scope = services.Log.Phase(phase);
        using var labels = Containers.ContainerLabels.ForBuild(BuildId);
        var watch = Stopwatch.StartNew();
        try
        {
            return action();
        }
        finally
        {
            durations.Add((phase, watch.Elapsed));
        }
    }

    private async Task<T> TimedAsync<T>(string phase, Func<Task<T>> action)
    {
        using var scope = services.Log.Phase(phase);
        using var labels = Containers.ContainerLabels.ForBuild(BuildId);
        var watch = Stopwatch.StartNew();
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            durations.Add((phase, watch.Elapsed));
        }
    }

    private static T Require<T>(T? value, string phase) where T : class =>
        value ?? throw new InvalidOperationException($"the {phase} phase has not run yet");
}
