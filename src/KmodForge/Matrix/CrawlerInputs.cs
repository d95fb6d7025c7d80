using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>Where one architecture's kernel-crawler list comes from: a local file or a URL.</summary>
public sealed record CrawlerInput(Architecture Architecture, string Location, bool IsFile);

/// <summary>
/// Reads <c>--kernel-crawler-file</c> (a path with <c>{arch}</c>, or <c>x86_64=path,aarch64=path</c>) or, without it,
/// <c>--kernel-crawler-url</c> (with <c>{arch}</c>) into one input per architecture.
/// </summary>
public static class CrawlerInputs
{
    public static IReadOnlyList<CrawlerInput> Resolve(MatrixSettings settings, IReadOnlyList<Architecture> architectures)
    {
        if (string.IsNullOrWhiteSpace(settings.KernelCrawlerFile))
        {
            if (!settings.KernelCrawlerUrl.Contains("{arch}", StringComparison.Ordinal) && architectures.Count > 1)
            {
                throw new Configuration.SettingsException([$"--kernel-crawler-url: {Printable.Quote(settings.KernelCrawlerUrl)} must contain {{arch}} (kernel-crawler publishes one list per architecture)"]);
            }

            return [.. architectures.Select(a => new CrawlerInput(a, settings.KernelCrawlerUrl.Replace("{arch}", a.KernelName(), StringComparison.Ordinal), false))];
        }

        var value = settings.KernelCrawlerFile;
        if (value.Contains('=', StringComparison.Ordinal))
        {
            var inputs = new List<CrawlerInput>();
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || !ArchitectureNames.TryParse(part[..eq], out var a))
                {
                    throw new Configuration.SettingsException([$"--kernel-crawler-file: {Printable.Quote(part)} is not <arch>=<path>; accepted arches: x86_64, aarch64"]);
                }

                if (architectures.Contains(a))
                {
                    inputs.Add(new CrawlerInput(a, part[(eq + 1)..], true));
                }
            }

            return inputs;
        }

        if (!value.Contains("{arch}", StringComparison.Ordinal))
        {
            throw new Configuration.SettingsException([$"--kernel-crawler-file: {Printable.Quote(value)} must contain {{arch}} or be x86_64=<path>,aarch64=<path> (a crawler list holds one architecture)"]);
        }

        return [.. architectures.Select(a => new CrawlerInput(a, value.Replace("{arch}", a.KernelName(), StringComparison.Ordinal), true))];
    }
}
