using System.Text.Json;
using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Images.ImageCache;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Build.Tasks;

[TaskName("BaseImagesPlan")]
[TaskDescription("Lists the base images the weekly job builds (--images, default all) as a job matrix, one job per image on a runner of its architecture (output 'matrix').")]
public sealed class BaseImagesPlanTask : FrostingTask<BuildContext>
{
    public override void Run(BuildContext context)
    {
        var cache = context.Settings<ImageCacheSettings>();
        var matrix = context.Settings<MatrixSettings>();
        var output = matrix.GitHubOutput
            ?? throw new SettingsException(["--github-output / GITHUB_OUTPUT is required: the file the matrix is written to"]);
        var targets = BaseImageSelection.Select(cache.Images, cache.Architectures);
        var include = targets.Select(t => new Dictionary<string, string>
        {
            ["image"] = t.ToString(),
            ["architecture"] = t.Architecture.KernelName(),
            ["runs_on"] = matrix.RunsOn(t.Architecture),
        });
        var json = JsonSerializer.Serialize(new { include });
        GitHubOutputFile.Append(output, [("matrix", json), ("images", targets.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        context.Log.Info($"{targets.Count} base images: {string.Join(", ", targets)}");
    }
}
