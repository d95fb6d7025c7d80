using System.Text.Json;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>What a matrix-build run needs to know of its chunk before the build jobs start.</summary>
/// <param name="Images">The distinct base images its builds need, as <c>distro:version:arch</c> (the --images form).</param>
public sealed record ChunkContents(string MatrixId, int Chunk, int Builds, IReadOnlyList<string> Images);

/// <summary>
/// Reads a chunk document (<see cref="ChunkDocument"/>) handed to a matrix-build run, inline or from the store, and
/// checks its shape: a document that is not one is an expected failure naming the JSON path, not a matrix of nothing.
/// </summary>
public static class ChunkDocumentReader
{
    public static ChunkContents Read(ReadOnlySpan<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray());
        }
        catch (JsonException e)
        {
            throw new ChunkDocumentException($"{source} is not JSON: {e.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ChunkDocumentException($"{source}: $ is {root.ValueKind}, not an object");
            }

            var include = Property(root, "include", JsonValueKind.Array, source);
            var images = new SortedSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var entry in include.EnumerateArray())
            {
                var path = $"include[{index++}]";
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw new ChunkDocumentException($"{source}: $.{path} is {entry.ValueKind}, not an object");
                }

                var distribution = Property(entry, "distribution", JsonValueKind.String, source, path).GetString()!;
                var version = Property(entry, "distro_version", JsonValueKind.String, source, path).GetString()!;
                var architecture = Property(entry, "architecture", JsonValueKind.String, source, path).GetString()!;
                Property(entry, "kernel_release", JsonValueKind.String, source, path);
                images.Add($"{distribution}:{version}:{architecture}");
            }

            if (index == 0)
            {
                throw new ChunkDocumentException($"{source}: $.include is empty; a chunk holds at least one build");
            }

            return new ChunkContents(
                Property(root, "matrix_id", JsonValueKind.String, source).GetString()!,
                Property(root, "chunk", JsonValueKind.Number, source).GetInt32(),
                index,
                [.. images]);
        }
    }

    private static JsonElement Property(JsonElement element, string name, JsonValueKind kind, string source, string? path = null)
    {
        var at = path is null ? $"$.{name}" : $"$.{path}.{name}";
        if (!element.TryGetProperty(name, out var value))
        {
            throw new ChunkDocumentException($"{source}: {at} is missing");
        }

        return value.ValueKind == kind ? value
            : throw new ChunkDocumentException($"{source}: {at} is {value.ValueKind}, not {kind}: {Printable.Quote(value.GetRawText())}");
    }
}

/// <summary>A chunk document that cannot be used (an expected failure).</summary>
public sealed class ChunkDocumentException(string message) : KmodForgeException(message);
