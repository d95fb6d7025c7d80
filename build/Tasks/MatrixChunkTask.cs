using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.IO;
using KmodForge.Matrix;
using KmodForge.Storage;

namespace KmodForge.Build.Tasks;

/// <summary>Settings of the MatrixChunk task.</summary>
public sealed class MatrixChunkSettings
{
    [Setting("chunk-ref", "The blob-store key of a chunk document too large for the dispatch inputs.")]
    public string? ChunkRef { get; init; }

    [Setting("github-output", "The file outputs for the calling workflow are appended to.", AlsoFromEnvironment = ["GITHUB_OUTPUT"])]
    public string? GitHubOutput { get; init; }
}

[TaskName("MatrixChunk")]
[TaskDescription("Reads a chunk document from the blob store (--chunk-ref) and hands it to the workflow as the output 'chunk'.")]
public sealed class MatrixChunkTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var settings = context.Settings<MatrixChunkSettings>();
        var key = settings.ChunkRef ?? throw new SettingsException(["--chunk-ref / KMODFORGE_CHUNK_REF is required: the store key of the chunk document"]);
        var output = settings.GitHubOutput ?? throw new SettingsException(["--github-output / GITHUB_OUTPUT is required: the file the chunk is written to"]);
        var store = BlobStoreSettings.Create(context, context.Log);
        var temp = AtomicFile.TempPathBeside(Path.Combine(Path.GetTempPath(), "kmodforge-chunk.json"));
        try
        {
            if (!await store.GetAsync(key, temp, cancellation.Token))
            {
                throw new SettingsException([$"--chunk-ref: {KmodForge.Targets.FieldError.Printable(key)} is not in {store.Description}"]);
            }

            var chunk = await File.ReadAllTextAsync(temp, cancellation.Token);
            await File.AppendAllTextAsync(output, GitHubOutputFile.Format([("chunk", chunk)]), cancellation.Token);
            context.Log.Info($"chunk {key}: {chunk.Length:N0} characters written to the workflow output 'chunk'");
        }
        finally
        {
            File.Delete(temp);
            (store as IDisposable)?.Dispose();
        }
    }
}
