using System.Globalization;
using System.Text;

namespace KmodForge.Pipeline;

/// <summary>One summary of a driver build: what was built, where it went, how long each phase took.</summary>
public sealed class DriverBuildSummary(DriverBuild build)
{
    /// <summary>The rows of the summary as (label, value) pairs, in order.</summary>
    public IReadOnlyList<(string Label, string Value)> Rows()
    {
        var rows = new List<(string, string)>
        {
            ("target", build.Target.ToString()),
            ("package", build.FileName),
            ("release tag", build.Tag),
        };
        rows.Add(("build id", build.BuildId));

        var stored = build.Published ?? build.Existing;
        if (stored is not null)
        {
            rows.Add(("location", stored.Location));
            rows.Add(("sha256", stored.Sha256));
            rows.Add(("size", $"{stored.Size:N0} bytes"));
            rows.Add(("signature", stored.SignatureKeyId is { } key ? $"{build.FileName}.minisig, minisign key {key}" : "none (no package signing key set)"));
        }

        rows.Add(("outcome", build.AlreadyPublished ? "already published: nothing built" : build.Published is not null ? "built and published" : "incomplete"));
        if (build.BaseImage is { } image)
        {
            rows.Add(("base image", $"{image.Tag} ({image.Source.ToString().ToLowerInvariant()})"));
        }

        if (build.HeaderLayer is { } headers)
        {
            rows.Add(("headers", headers.Cached ? $"{headers.Image} (cached layer, no download)" : $"{headers.Image} ({headers.Plan?.Description})"));
        }

        if (build.Compiler is { } compiler)
        {
            rows.Add(("compiler", compiler));
        }

        if (build.Signing is { } signing)
        {
            rows.Add(("signing", signing.Summary));
        }

        foreach (var module in build.VerifiedModules)
        {
            rows.Add(("module", $"{Path.GetFileName(module.Path)} vermagic '{module.Vermagic}'{(module.IsSigned ? ", signed" : ", unsigned")}"));
        }

        foreach (var (phase, duration) in build.Durations)
        {
            rows.Add(($"time: {phase}", Seconds(duration)));
        }

        rows.Add(("time: total", Seconds(TimeSpan.FromTicks(build.Durations.Sum(d => d.Duration.Ticks)))));
        return rows;
    }

    /// <summary>Plain text, one aligned row per line.</summary>
    public string RenderText()
    {
        var rows = Rows();
        var width = rows.Max(r => r.Label.Length);
        var sb = new StringBuilder("Driver build summary").AppendLine();
        foreach (var (label, value) in rows)
        {
            sb.Append("  ").Append(label.PadRight(width)).Append("  ").AppendLine(value);
        }

        return sb.ToString();
    }

    /// <summary>A Markdown table for GitHub's job summary.</summary>
    public string RenderMarkdown()
    {
        var sb = new StringBuilder("### Driver build: ").AppendLine(build.FileName).AppendLine().AppendLine("| | |").AppendLine("| --- | --- |");
        foreach (var (label, value) in Rows())
        {
            sb.Append("| ").Append(label).Append(" | ").Append(value.Replace("|", "\\|", StringComparison.Ordinal)).AppendLine(" |");
        }

        return sb.ToString();
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
