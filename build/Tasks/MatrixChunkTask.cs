using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Matrix;
using KmodForge.Storage;
using KmodForge.Targets;

namespace KmodForge.Build.Tasks;

/// <summary>Settings of the MatrixChunk task.</summary>
public sealed class MatrixChunkSettings
{
    [Setting("chunk", "The chunk document, when it came inline in the dispatch inputs (matrix-build.yml's input 'chunk').")]
    public string? Chunk { get; init; }

    [Setting("chunk-ref", "The blob-store key of a chunk document too large for the dispatch inputs (matrix-build.yml's input 'chunk_ref').")]
    public string? ChunkRef { get; init; }

    [Setting("github-output", "The file outputs for the calling workflow are appended to.", AlsoFromEnvironment = ["GITHUB_OUTPUT"])]
    public string? GitHubOutput { get; init; }
}

[TaskName("MatrixChunk")]
[TaskDescription("Reads a matrix-build run's chunk document (--chunk inline, or --chunk-ref from the blob store), checks it, and hands it to the workflow as outputs 'chunk', 'builds' and 'images'.")]
public sealed class MatrixChunkTask(BuildCancellation cancellation) : AsyncFrostingTask<BuildContext>
{
    public override async Task RunAsync(BuildContext context)
    {
        var settings = context.Settings<MatrixChunkSettings>();
        var output = settings.GitHubOutput ?? throw new SettingsException(["--github-output / GITHUB_OUTPUT is required: the file the chunk is written to"]);
        var (json, source) = (settings.Chunk, settings.ChunkRef) switch
        {
            ({ Length: > 0 } inline, null or "") => (inline, "the inline chunk (--chunk)"),
            (null or "", { Length: > 0 } key) => (await ReadFromStoreAsync(context, key), $"chunk {key}"),
            ({ Length: > 0 }, { Length: > 0 }) => throw new SettingsException(["--chunk and --chunk-ref are both set; a matrix-build run gets its chunk one way: inline or by reference"]),
            _ => throw new SettingsException([$"--chunk-ref: {Printable.Quote(settings.ChunkRef ?? string.Empty)} is empty and no --chunk was given; "
                + "give the store key of the chunk document (matrix-build.yml's input chunk_ref) or the document itself (--chunk)"]),
        };

        var contents = ChunkDocumentReader.Read(System.Text.Encoding.UTF8.GetBytes(json), source);
        GitHubOutputFile.Append(output, [("chunk", json), ("builds", contents.Builds.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("images", string.Join(',', contents.Images))],
            GitHubLimits.MaxJobOutputBytes);
        context.Log.Info($"{source}: matrix {contents.MatrixId} chunk {contents.Chunk}, {contents.Builds} builds on base images {string.Join(", ", contents.Images)}; "
            + $"{json.Length:N0} characters written to the workflow output 'chunk'");
    }

    private async Task<string> ReadFromStoreAsync(BuildContext context, string key)
    {
        try
        {
            LocalDirectoryBlobStore.ValidateKey(key);
        }
        catch (ArgumentException e)
        {
            throw new SettingsException([$"--chunk-ref: {e.Message}"]);
        }

        var store = BlobStoreSettings.Create(context, context.Log);
        var temp = AtomicFile.TempPathBeside(Path.Combine(Path.GetTempPath(), "kmodforge-chunk.json"));
        try
        {
            return await store.GetAsync(key, temp, cancellation.Token)
                ? await File.ReadAllTextAsync(temp, cancellation.Token)
                : throw new SettingsException([$"--chunk-ref: {Printable.Quote(key)} is not in {store.Description}; is the blob store (--blob-store, --s3-bucket) the one the Matrix task wrote to?"]);
        }
        finally
        {
            File.Delete(temp);
            (store as IDisposable)?.Dispose();
        }
    }
}
