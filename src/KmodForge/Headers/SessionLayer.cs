using KmodForge.Containers;
using KmodForge.Diagnostics;

namespace KmodForge.Headers;

/// <summary>
/// A kernel's header layer installed in the build's session container and not committed yet. The compile (and the
/// signing) run in that container, cut off from the network (checked from inside by the first of them), instead of in a container of the committed image: the
/// commit of the ~80 MB of installed headers (about 6 s here) is not on the way to the package. <see cref="StartKeeping"/>
/// commits it in the background once nothing else runs in it (while the package is written and published), and
/// <see cref="FinishAsync"/> waits for that, so the next build of this kernel finds the layer as before.
/// </summary>
/// <remarks>
/// <see cref="Engine"/> is the engine the compile is given: a run in the layer's image whose mounts the session has
/// and that wants no network (<c>none</c>) runs in the session (<c>exec</c>, with its working directory and
/// environment); any other use of the layer's image (a dkms.conf build's own mounts, a lookup of the image) first
/// commits the layer and then runs as usual. Everything else goes to the engine unchanged.
/// </remarks>
public sealed class SessionLayer
{
    /// <summary>How long a session lives at most: one whose build was killed goes away by itself after this.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(4);

    private readonly IContainerEngine engine;
    private readonly IContainerSessions sessions;
    private readonly string container;
    private readonly ImageCommitRequest commit;
    private readonly IReadOnlyList<Mount> mounts;
    private readonly string? platform;
    private readonly IBuildLog log;
    private readonly Lock gate = new();
    private Task? keeping;
    private bool isolated;
    private bool hasNetwork;

    private SessionLayer(IContainerEngine engine, IContainerSessions sessions, string container, ImageCommitRequest commit, IReadOnlyList<Mount> mounts, string? platform, IBuildLog log)
    {
        (this.engine, this.sessions, this.container, this.commit, this.mounts, this.platform, this.log) = (engine, sessions, container, commit, mounts, platform, log);
        Engine = new LayerEngine(this);
    }

    /// <summary>The tag the layer is committed as.</summary>
    public string Tag => commit.Tag;

    /// <summary>The engine for the compile and the signing (see the remarks).</summary>
    public IContainerEngine Engine { get; }

    /// <summary>True once the commit started: from then on nothing runs in the session.</summary>
    public bool Keeping
    {
        get
        {
            lock (gate)
            {
                return keeping is not null;
            }
        }
    }

    /// <summary>
    /// Cuts the session (the headers installed in it) off from every network (or waits for <paramref name="disconnecting"/>,
    /// the disconnect the install started once apt had its packages). Whether that worked is checked from
    /// inside by the first run it serves (<see cref="ContainerIsolation.Guarded"/>, no run of its own): a session that
    /// still has a network (the <c>host</c> network) is then committed, and that run and every later one go to the
    /// committed image as before.
    /// </summary>
    public static async Task<SessionLayer> IsolateAsync(
        IContainerEngine engine, IContainerSessions sessions, string container, ImageCommitRequest commit, IReadOnlyList<Mount> mounts, string? platform,
        IBuildLog log, CancellationToken cancellationToken, Task? disconnecting = null)
    {
        await (disconnecting ?? sessions.DisconnectNetworksAsync(container, cancellationToken)).ConfigureAwait(false);
        return new SessionLayer(engine, sessions, container, commit, mounts, platform, log);
    }

    /// <summary>Runs a request the session serves; the first one carries the isolation check. Null: the session has a network (now committed).</summary>
    private async Task<ContainerRunResult?> RunInSessionAsync(ContainerRunRequest request, CancellationToken cancellationToken)
    {
        var checkedAlready = Volatile.Read(ref isolated);
        var result = await sessions.ExecAsync(container, new ContainerExecRequest(checkedAlready ? request.Command : ContainerIsolation.Guarded(request.Command))
        {
            WorkingDirectory = request.WorkingDirectory,
            Environment = request.Environment,
            Timeout = request.Timeout,
        }, cancellationToken).ConfigureAwait(false);
        if (!checkedAlready && ContainerIsolation.NetworkOf(result) is { } network)
        {
            Volatile.Write(ref hasNetwork, true);
            log.Info($"headers: the session still has a network ({network}); committing {Tag} and compiling in it instead");
            await KeepAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }

        Volatile.Write(ref isolated, true);
        return result;
    }

    /// <summary>
    /// Starts the commit in the background (nothing else runs in the session after this); idempotent. With
    /// <paramref name="beforeCommit"/>, that command runs in the session first, off the way to the package (the
    /// compiler probe answers the layer keeps, <c>ModuleCompiler.ProbeFillScript</c>): its failure is logged and the
    /// layer is committed all the same, since nothing in it is required.
    /// </summary>
    public void StartKeeping(IReadOnlyList<string>? beforeCommit = null) => _ = KeepingTask(CancellationToken.None, beforeCommit);

    /// <summary>How long the command before the commit may run.</summary>
    public static readonly TimeSpan BeforeCommitTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Commits the layer (once) and ends the session; waits for a commit already started.</summary>
    public Task KeepAsync(CancellationToken cancellationToken) => KeepingTask(cancellationToken).WaitAsync(cancellationToken);

    /// <summary>
    /// Ends the layer: keeps it (waits for the commit, started now if it was not) unless <paramref name="keep"/> is false
    /// (a cancelled build), which ends the session uncommitted. A failed commit is a warning: the package does not
    /// depend on it, and the next build of this kernel installs the headers again.
    /// </summary>
    public async Task FinishAsync(bool keep)
    {
        if (!keep && !Keeping)
        {
            await sessions.EndSessionAsync(container).ConfigureAwait(false);
            log.Info($"headers: {Tag} not kept (its session ended uncommitted)");
            return;
        }

        try
        {
            await KeepingTask(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ContainerEngineException or IOException)
        {
            log.Warning($"headers: could not keep the header layer {Tag} ({e.Message}); the next build of this kernel installs its headers again");
        }
    }

    private Task KeepingTask(CancellationToken cancellationToken, IReadOnlyList<string>? beforeCommit = null)
    {
        lock (gate)
        {
            return keeping ??= CommitAndEndAsync(cancellationToken, beforeCommit);
        }
    }

    private async Task CommitAndEndAsync(CancellationToken cancellationToken, IReadOnlyList<string>? beforeCommit)
    {
        try
        {
            if (beforeCommit is not null && !Volatile.Read(ref hasNetwork))
            {
                await RunBeforeCommitAsync(beforeCommit, cancellationToken).ConfigureAwait(false);
            }

            await sessions.CommitAsync(container, commit, cancellationToken).ConfigureAwait(false);
            log.Info($"headers: kept {Tag} for the next build of this kernel");
        }
        finally
        {
            await sessions.EndSessionAsync(container).ConfigureAwait(false);
        }
    }

    private async Task RunBeforeCommitAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        try
        {
            var result = await sessions.ExecAsync(container, new ContainerExecRequest(command) { Timeout = BeforeCommitTimeout }, cancellationToken).ConfigureAwait(false);
            var said = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
            log.Info(result.ExitCode == 0
                ? $"headers: before keeping {Tag}: {said}"
                : $"headers: before keeping {Tag}: exit code {result.ExitCode} ({ContainerQuery.Why(result)}); kept without it");
        }
        catch (ContainerEngineException e)
        {
            log.Info($"headers: before keeping {Tag}: {e.Message}; kept without it");
        }
    }

    /// <summary>True when <paramref name="request"/> can run in the session: the layer's image, no network wanted, mounts the session has, its platform.</summary>
    internal bool Serves(ContainerRunRequest request) =>
        request.Image == Tag
        && request.Network == "none"
        && (request.Platform is null || request.Platform == platform)
        && request.Mounts.All(m => mounts.Any(s => s.ContainerPath == m.ContainerPath && s.ReadOnly == m.ReadOnly
            && string.Equals(Path.GetFullPath(s.HostPath), Path.GetFullPath(m.HostPath), StringComparison.Ordinal)));

    private sealed class LayerEngine(SessionLayer layer) : IContainerEngine
    {
        private IContainerEngine Inner => layer.engine;

        public string Name => Inner.Name;

        public async Task<ContainerRunResult> RunAsync(ContainerRunRequest request, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            if (!layer.Keeping && !Volatile.Read(ref layer.hasNetwork) && layer.Serves(request)
                && await layer.RunInSessionAsync(request, cancellationToken).ConfigureAwait(false) is { } result)
            {
                return result;
            }

            await KeptIfLayerAsync(request.Image, cancellationToken).ConfigureAwait(false);
            return await Inner.RunAsync(request, cancellationToken).ConfigureAwait(false);
        }

        public async Task<ContainerRunResult> RunAndCommitAsync(ContainerRunRequest request, ImageCommitRequest commit, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(request);
            await KeptIfLayerAsync(request.Image, cancellationToken).ConfigureAwait(false);
            return await Inner.RunAndCommitAsync(request, commit, cancellationToken).ConfigureAwait(false);
        }

        public async Task<bool> ImageExistsAsync(string image, CancellationToken cancellationToken)
        {
            await KeptIfLayerAsync(image, cancellationToken).ConfigureAwait(false);
            return await Inner.ImageExistsAsync(image, cancellationToken).ConfigureAwait(false);
        }

        public async Task<ImageInfo?> InspectImageAsync(string image, CancellationToken cancellationToken)
        {
            await KeptIfLayerAsync(image, cancellationToken).ConfigureAwait(false);
            return await Inner.InspectImageAsync(image, cancellationToken).ConfigureAwait(false);
        }

        public async Task SaveAsync(string image, string tarPath, CancellationToken cancellationToken)
        {
            await KeptIfLayerAsync(image, cancellationToken).ConfigureAwait(false);
            await Inner.SaveAsync(image, tarPath, cancellationToken).ConfigureAwait(false);
        }

        public async Task TagAsync(string source, string target, CancellationToken cancellationToken)
        {
            await KeptIfLayerAsync(source, cancellationToken).ConfigureAwait(false);
            await Inner.TagAsync(source, target, cancellationToken).ConfigureAwait(false);
        }

        public async Task PushAsync(string image, CancellationToken cancellationToken)
        {
            await KeptIfLayerAsync(image, cancellationToken).ConfigureAwait(false);
            await Inner.PushAsync(image, cancellationToken).ConfigureAwait(false);
        }

        public Task BuildAsync(ImageBuildRequest request, CancellationToken cancellationToken) => Inner.BuildAsync(request, cancellationToken);

        public Task LoadAsync(string tarPath, CancellationToken cancellationToken) => Inner.LoadAsync(tarPath, cancellationToken);

        public Task ImportAsync(string tarPath, string image, string? platform, CancellationToken cancellationToken) => Inner.ImportAsync(tarPath, image, platform, cancellationToken);

        public Task PullAsync(string image, string? platform, CancellationToken cancellationToken) => Inner.PullAsync(image, platform, cancellationToken);

        public Task RemoveImageAsync(string image, CancellationToken cancellationToken) => Inner.RemoveImageAsync(image, cancellationToken);

        public Task<IReadOnlyList<string>> ListImagesAsync(string label, CancellationToken cancellationToken) => Inner.ListImagesAsync(label, cancellationToken);

        /// <summary>Any other use of the layer's image needs the image: the layer is committed first.</summary>
        private Task KeptIfLayerAsync(string image, CancellationToken cancellationToken) =>
            image == layer.Tag ? layer.KeepAsync(cancellationToken) : Task.CompletedTask;
    }
}
