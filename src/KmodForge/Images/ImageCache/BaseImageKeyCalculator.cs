using System.IO.Enumeration;
using System.Security.Cryptography;
using System.Text;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Images.ImageCache;

/// <summary>
/// Computes <see cref="BaseImageKey"/>s from the repository: the Dockerfile <see cref="BaseImageBuildPlan"/> uses, the
/// build arguments and platform it passes, and every file the Dockerfile's COPY/ADD take from the build context
/// (directories recursively, globs expanded). Reading files is the only side effect; the same inputs give the same key.
/// </summary>
/// <param name="repositoryRoot">The folder that holds <c>docker/</c>.</param>
public sealed class BaseImageKeyCalculator(string repositoryRoot)
{
    public BaseImageKey Compute(Distribution distribution, DistroVersion version, Architecture architecture)
    {
        var plan = BaseImageBuildPlan.For(distribution, version, architecture, repositoryRoot);
        if (!File.Exists(plan.Dockerfile))
        {
            throw new BaseImageKeyException($"Cannot compute the content key of {plan.Tag}: {plan.Dockerfile} does not exist.");
        }

        var dockerfile = File.ReadAllBytes(plan.Dockerfile);
        var manifest = new StringBuilder()
            .Append("kmodforge-base-image v").Append(BaseImageKey.FormatVersion).Append('\n')
            .Append("image ").Append(distribution.Id).Append(' ').Append(version.Id).Append('\n')
            .Append("from ").Append(plan.FromImage).Append('\n')
            .Append("platform ").Append(plan.Platform).Append('\n');
        foreach (var (name, value) in plan.BuildArgs(baseImage: null).OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            manifest.Append("arg ").Append(name).Append('=').Append(value).Append('\n');
        }

        manifest.Append("dockerfile ").Append(Convert.ToHexStringLower(SHA256.HashData(dockerfile))).Append('\n');
        foreach (var line in ContextInputs(Encoding.UTF8.GetString(dockerfile), plan.ContextDirectory, plan.Dockerfile))
        {
            manifest.Append(line).Append('\n');
        }

        var text = manifest.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
        return new BaseImageKey(distribution, version, architecture, hash, text);
    }

    /// <summary><c>file &lt;path&gt; &lt;sha256&gt;</c> per copied file and <c>url &lt;url&gt;</c> per remote ADD, sorted.</summary>
    internal static IEnumerable<string> ContextInputs(string dockerfile, string contextDirectory, string dockerfilePath)
    {
        var context = Path.GetFullPath(contextDirectory);
        var inputs = new SortedSet<string>(StringComparer.Ordinal);
        IReadOnlyList<DockerfileSource> sources;
        try
        {
            sources = DockerfileSources.Parse(dockerfile);
        }
        catch (FormatException e)
        {
            throw new BaseImageKeyException($"{dockerfilePath}: {e.Message}", e);
        }

        foreach (var source in sources)
        {
            if (source.IsUrl)
            {
                inputs.Add("url " + source.Path);
                continue;
            }

            var files = Resolve(context, source.Path);
            if (files.Count == 0)
            {
                throw new BaseImageKeyException(
                    $"{dockerfilePath} line {source.Line}: COPY/ADD source {Printable.Quote(source.Path)} matches nothing in the build context {context}.");
            }

            foreach (var file in files)
            {
                inputs.Add($"file {Path.GetRelativePath(context, file).Replace('\\', '/')} {FileHashing.Sha256Hex(file)}");
            }
        }

        return inputs;
    }

    private static List<string> Resolve(string context, string source)
    {
        var relative = source.TrimStart('/');
        var full = Path.GetFullPath(Path.Combine(context, relative));
        if (full != context && !full.StartsWith(context + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new BaseImageKeyException($"COPY/ADD source {Printable.Quote(source)} lies outside the build context {context}.");
        }

        if (relative.IndexOfAny(['*', '?', '[']) >= 0)
        {
            var pattern = relative.Replace('\\', '/');
            return [.. Directory.EnumerateFiles(context, "*", SearchOption.AllDirectories)
                .Where(f =>
                {
                    var path = Path.GetRelativePath(context, f).Replace('\\', '/');
                    return FileSystemName.MatchesSimpleExpression(pattern, path) || path.Split('/').Length > 1
                        && FileSystemName.MatchesSimpleExpression(pattern + "/*", path);
                })
                .Order(StringComparer.Ordinal)];
        }

        if (Directory.Exists(full))
        {
            return [.. Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        }

        return File.Exists(full) ? [full] : [];
    }
}
