using System.Text.Encodings.Web;
using System.Text.Json;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Kernels;

/// <summary>
/// Reads and writes kernels.json: <c>{"x86_64": [entry...], "aarch64": [entry...]}</c>, each entry
/// <c>{"target", "kernelrelease", "distroversion", "headers"?}</c>. Written canonically: architectures in a fixed order
/// (both always present), entries sorted, keys in that order, 2-space indent, '\n' line ends, a trailing newline.
/// </summary>
public static class KernelListJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static KernelList Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new FileNotFoundException($"The kernel list {path} does not exist; create it (see docs/matrix.md) or set --kernels-file.", path);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses kernels.json; any shape problem throws <see cref="KernelListFormatException"/> naming the JSON path.</summary>
    public static KernelList Parse(ReadOnlySpan<byte> json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Disallow });
        }
        catch (JsonException e)
        {
            throw new KernelListFormatException(source, JsonErrors.Position(e), "is not valid JSON: " + JsonErrors.Message(e), e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new KernelListFormatException(source, "$", $"must be an object keyed by architecture (x86_64, aarch64), not {Kind(root)}");
            }

            var list = new KernelList();
            foreach (var property in root.EnumerateObject())
            {
                var path = "$." + property.Name;
                if (!ArchitectureNames.TryParse(property.Name, out var architecture))
                {
                    throw new KernelListFormatException(source, "$", $"key {Printable.Quote(property.Name)} is not an architecture; accepted: x86_64, aarch64");
                }

                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    throw new KernelListFormatException(source, path, $"must be an array of kernels, not {Kind(property.Value)}");
                }

                var i = 0;
                foreach (var element in property.Value.EnumerateArray())
                {
                    list.Add(architecture, ParseEntry(element, $"{path}[{i++}]", source));
                }
            }

            return list;
        }
    }

    private static KernelEntry ParseEntry(JsonElement element, string path, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KernelListFormatException(source, path, $"must be an object with target, kernelrelease, distroversion and optional headers, not {Kind(element)}");
        }

        string? target = null, release = null, version = null;
        List<string> headers = [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var at = $"{path}.{property.Name}";
            if (!seen.Add(property.Name))
            {
                throw new KernelListFormatException(source, at, "appears twice");
            }

            switch (property.Name)
            {
                case "target": target = String(property.Value, at, source); break;
                case "kernelrelease": release = String(property.Value, at, source); break;
                case "distroversion": version = String(property.Value, at, source); break;
                case "headers":
                    if (property.Value.ValueKind != JsonValueKind.Array)
                    {
                        throw new KernelListFormatException(source, at, $"must be an array of URLs, not {Kind(property.Value)}");
                    }

                    var i = 0;
                    foreach (var url in property.Value.EnumerateArray())
                    {
                        headers.Add(String(url, $"{at}[{i++}]", source));
                    }

                    break;
                default:
                    throw new KernelListFormatException(source, at,
                        $"is not a known key {Printable.Quote(property.Name)}; accepted: target, kernelrelease, distroversion, headers");
            }
        }

        if (target is null || release is null)
        {
            throw new KernelListFormatException(source, path, $"is missing \"{(target is null ? "target" : "kernelrelease")}\"");
        }

        return new KernelEntry(target, release, version, headers);
    }

    private static string String(JsonElement value, string path, string source) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new KernelListFormatException(source, path, $"must be a string, not {Kind(value)}");

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    /// <summary>The canonical bytes of a kernel list.</summary>
    public static byte[] ToBytes(KernelList list)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var architecture in Enum.GetValues<Architecture>())
            {
                writer.WriteStartArray(architecture.KernelName());
                foreach (var entry in list[architecture])
                {
                    writer.WriteStartObject();
                    writer.WriteString("target", entry.Target);
                    writer.WriteString("kernelrelease", entry.KernelRelease);
                    if (entry.DistroVersion is not null)
                    {
                        writer.WriteString("distroversion", entry.DistroVersion);
                    }

                    if (entry.Headers.Count > 0)
                    {
                        writer.WriteStartArray("headers");
                        foreach (var url in entry.Headers)
                        {
                            writer.WriteStringValue(url);
                        }

                        writer.WriteEndArray();
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes the canonical bytes atomically (temp file beside it, then rename).</summary>
    public static void Write(KernelList list, string path) => AtomicFile.WriteAllBytes(path, ToBytes(list));
}
