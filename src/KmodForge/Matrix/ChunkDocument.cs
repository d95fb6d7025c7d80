using System.Text.Encodings.Web;
using System.Text.Json;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>What every chunk of one matrix run shares.</summary>
public sealed record MatrixRun(string MatrixId, string DriverName, string DriverVersion, MatrixSettings Settings);

/// <summary>
/// The chunk file a matrix-build run reads: <c>{"matrix_id", "chunk", "chunks", "driver_name", "driver_version",
/// "include": [entry...]}</c>, where <c>include</c> is the job matrix (<c>strategy.matrix: ${{ fromJSON(...) }}</c>)
/// and each entry carries what one build job needs: distribution, distro_version, architecture, kernel_release,
/// runs_on, format, base_image, cache_key and headers.
/// </summary>
public static class ChunkDocument
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] ToBytes(MatrixChunk chunk, MatrixRun run)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, Compact))
        {
            w.WriteStartObject();
            w.WriteString("matrix_id", run.MatrixId);
            w.WriteNumber("chunk", chunk.Index);
            w.WriteNumber("chunks", chunk.Of);
            w.WriteString("driver_name", run.DriverName);
            w.WriteString("driver_version", run.DriverVersion);
            w.WriteStartArray("include");
            foreach (var kernel in chunk.Kernels)
            {
                var t = kernel.Target;
                w.WriteStartObject();
                w.WriteString("distribution", t.Distribution.Id);
                w.WriteString("distro_version", t.DistroVersion.Id);
                w.WriteString("architecture", t.Architecture.KernelName());
                w.WriteString("kernel_release", t.KernelRelease);
                w.WriteString("runs_on", run.Settings.RunsOn(t.Architecture));
                w.WriteString("format", t.Format.Extension());
                w.WriteString("base_image", t.BaseImageTag);
                w.WriteString("cache_key", new CacheKey(run.DriverName, t).Hash);
                w.WriteStartArray("headers");
                foreach (var url in kernel.Headers)
                {
                    w.WriteStringValue(url);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}

/// <summary>
/// The workflow_dispatch inputs of one chunk: <c>matrix_id</c>, <c>chunk_index</c>, <c>driver_name</c>,
/// <c>driver_version</c>, and either <c>chunk</c> (the chunk document inline) or, when that would make the inputs larger
/// than <see cref="GitHubLimits.MaxDispatchPayloadChars"/>, <c>chunk_ref</c> (the chunk file's key in the store).
/// </summary>
public static class DispatchInputs
{
    public static readonly IReadOnlyList<string> Names = ["matrix_id", "chunk_index", "driver_name", "driver_version", "chunk", "chunk_ref"];

    /// <param name="chunkJson">The chunk document (UTF-8 JSON).</param>
    /// <param name="storeKey">The chunk file's key in the store.</param>
    /// <param name="payloadLimit">The payload limit in characters (GitHub's, unless testing).</param>
    public static IReadOnlyDictionary<string, string> For(MatrixChunk chunk, MatrixRun run, ReadOnlySpan<byte> chunkJson, string storeKey, int payloadLimit = GitHubLimits.MaxDispatchPayloadChars)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["matrix_id"] = run.MatrixId,
            ["chunk_index"] = chunk.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["driver_name"] = run.DriverName,
            ["driver_version"] = run.DriverVersion,
            ["chunk"] = System.Text.Encoding.UTF8.GetString(chunkJson),
            ["chunk_ref"] = string.Empty,
        };

        if (PayloadChars(inputs) > payloadLimit)
        {
            inputs["chunk"] = string.Empty;
            inputs["chunk_ref"] = storeKey;
        }

        return inputs;
    }

    /// <summary>The size of the inputs as the API request carries them: the JSON object, in UTF-16 characters.</summary>
    public static int PayloadChars(IReadOnlyDictionary<string, string> inputs) =>
        JsonSerializer.Serialize(inputs).Length;
}
