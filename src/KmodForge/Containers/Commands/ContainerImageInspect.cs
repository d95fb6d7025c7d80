using System.Globalization;
using System.Text.Json;
using KmodForge.Containers.Tooling;

namespace KmodForge.Containers.Commands;

/// <summary>Settings of <c>image inspect</c>.</summary>
public sealed class ContainerImageInspectSettings : ContainerToolSettings;

public static class ContainerImageInspectCommand
{
    /// <summary>
    /// "No such image" is an answer, not a failure: docker exits 1, podman 125 ("image not known"). Those codes are
    /// accepted here and <see cref="Parse"/> tells the answer from a real failure by the error text.
    /// </summary>
    public static CommandOptions Options { get; } = new() { SuccessExitCodes = [0, 1, 125] };

    public static CommandArguments Arguments(string image) =>
        new CommandArguments().Arg("image").Arg("inspect").Arg(ContainerInput.ImageReference("image inspect image", image));

    /// <summary>Reads the first object of the JSON array both docker and podman print; null for "no such image".</summary>
    public static ImageInfo? Parse(CommandResult result)
    {
        if (result.ExitCode != 0)
        {
            return ContainerImageExistsCommand.IsNoSuchImage(result)
                ? null
                : throw new ContainerEngineException(AsyncCliTool<ContainerToolSettings>.FailureMessage(result, $"failed with exit code {result.ExitCode}"), result.ExitCode);
        }

        using var json = JsonDocument.Parse(result.StandardOutput);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            return null;
        }

        var image = root[0];
        return new ImageInfo(
            String(image, "Id") ?? "",
            String(image, "Architecture") ?? "",
            String(image, "Os") ?? "",
            Created(String(image, "Created")),
            image.TryGetProperty("Size", out var size) && size.ValueKind == JsonValueKind.Number ? size.GetInt64() : null)
        {
            Labels = Labels(image),
            RepoTags = image.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array
                ? [.. tags.EnumerateArray().Where(t => t.ValueKind == JsonValueKind.String).Select(t => t.GetString()!)]
                : [],
        };
    }

    private static Dictionary<string, string> Labels(JsonElement image)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (image.TryGetProperty("Config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("Labels", out var map) && map.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in map.EnumerateObject().Where(l => l.Value.ValueKind == JsonValueKind.String))
            {
                labels[label.Name] = label.Value.GetString()!;
            }
        }

        return labels;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Parses RFC 3339 times with up to nine fraction digits (Go's format), which .NET's parser refuses past seven.</summary>
    internal static DateTimeOffset? Created(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        var text = System.Text.RegularExpressions.Regex.Replace(value, @"\.(\d{7})\d+", ".$1");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var created) ? created : null;
    }
}
