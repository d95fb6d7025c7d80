using System.Text.Json.Nodes;

namespace KmodForge.Tests.Actions;

/// <summary>An annotation a run produced (<c>::error::</c>, <c>::warning::</c>, <c>::notice::</c>, or the runner's own errors).</summary>
public sealed record ActionsAnnotation(string Level, string Message, string? Job, string? File, int? Line, string? Title);

/// <summary>One job of a run (one matrix combination), as the runner reported it.</summary>
public sealed class ActionsJob
{
    internal ActionsJob(string key, string jobId, string name, JsonObject? matrix)
    {
        Key = key;
        JobId = jobId;
        Name = name;
        Matrix = matrix;
    }

    /// <summary>The instance's key in the run (the job id, or <c>id-N</c> for the N-th matrix combination).</summary>
    public string Key { get; }

    /// <summary>The job's id in the workflow (<c>jobs.&lt;id&gt;</c>).</summary>
    public string JobId { get; internal set; }

    /// <summary>The display name (with matrix values, GitHub's <c>job (a, b)</c> when there is no <c>name:</c>).</summary>
    public string Name { get; internal set; }

    public JsonObject? Matrix { get; }

    /// <summary>queued, in_progress or completed.</summary>
    public string Status { get; internal set; } = "queued";

    /// <summary>success, failure, cancelled or skipped once completed.</summary>
    public string? Result { get; internal set; }

    public IReadOnlyDictionary<string, string> Outputs { get; internal set; } = new Dictionary<string, string>();

    /// <summary>The job's log file (null for a job that never ran).</summary>
    public string? LogPath { get; internal set; }

    /// <summary>The log's text (secrets masked), or empty.</summary>
    public string Log => LogPath is not null && File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    /// <summary>The job's $GITHUB_STEP_SUMMARY content (its steps' summaries joined).</summary>
    public string StepSummary { get; internal set; } = string.Empty;

    public IReadOnlyList<ActionsAnnotation> Annotations { get { lock (AnnotationList) { return [.. AnnotationList]; } } }

    internal List<ActionsAnnotation> AnnotationList { get; } = [];

    public override string ToString() => $"{Name} [{Key}]: {Status} {Result}";
}
