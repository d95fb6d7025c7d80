using KmodForge.Diagnostics;
using KmodForge.IO;

namespace KmodForge.Sources;

/// <summary>
/// Turns a <see cref="ModuleSourceSpec"/> into a directory the compile step can use: a directory as it is; a DKMS
/// package's <c>/usr/src/&lt;name&gt;-&lt;version&gt;</c>, a tarball's tree or a git commit's tree materialized under
/// <c>&lt;work&gt;/sources</c> (see <see cref="SourceCache"/>), reused when the same content comes again.
/// </summary>
public sealed class ModuleSourceResolver(IBuildLog log, GitCommand? git = null)
{
    public async Task<string> ResolveAsync(ModuleSourceSpec spec, string workDirectory, CancellationToken cancellationToken)
    {
        var cache = new SourceCache(workDirectory);
        switch (spec.Kind)
        {
            case ModuleSourceKind.Directory:
                return spec.Location;
            case ModuleSourceKind.Git:
                var (directory, _, cached) = await new GitSource(git ?? new GitCommand(log), log).MaterializeAsync(spec, cache, cancellationToken).ConfigureAwait(false);
                Report(spec, directory, cached, null);
                return directory;
            default:
                var hash = await FileHashing.Sha256HexAsync(spec.Location, cancellationToken).ConfigureAwait(false);
                var kind = spec.Kind == ModuleSourceKind.Package ? "package" : "tarball";
                string? inside = null;
                var (extracted, hit) = await cache.GetOrCreateAsync($"{kind}-{hash[..32]}", temp =>
                {
                    inside = spec.Kind == ModuleSourceKind.Package ? ArchiveSources.ExtractPackage(spec.Location, temp) : ArchiveSources.ExtractTarball(spec.Location, temp);
                    return Task.CompletedTask;
                }).ConfigureAwait(false);
                Report(spec, extracted, hit, inside);
                return extracted;
        }
    }

    private void Report(ModuleSourceSpec spec, string directory, bool cached, string? inside) =>
        log.Info($"module source {spec.Display}{(inside is null or "/" ? string.Empty : $" ({inside})")}: {(cached ? "cached in" : "extracted to")} {directory}");
}
