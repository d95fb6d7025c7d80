using KmodForge.Errors;

namespace KmodForge.Pipeline;

/// <summary>
/// What a driver build says when the driver does not apply to its target (a <see cref="NotApplicableException"/>
/// from the compile: dkms.conf <c>BUILD_EXCLUSIVE_*</c>): one line "not applicable (reason)", a section of the job
/// summary, and the step outputs <c>outcome=not_applicable</c> and <c>reason</c> a workflow (the matrix) reads.
/// </summary>
/// <param name="What">The build, as the user knows it ("Driver build debian 12 x86_64 6.1.0-57-amd64 v1.0").</param>
public sealed record NotApplicableSummary(string What, string Reason)
{
    /// <summary>The step output that names a build's outcome (<c>not_applicable</c> here).</summary>
    public const string OutcomeOutput = "outcome";

    /// <summary>The not-applicable exception behind <paramref name="exception"/> (through wrappers and inner exceptions), or null.</summary>
    public static NotApplicableException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e.InnerException)
        {
            if (e is NotApplicableException found)
            {
                return found;
            }
        }

        return null;
    }

    public string Text => $"{What}: not applicable ({Reason})";

    public string Markdown => $"### ⏭️ {What}: not applicable\n\n```\n{Reason.Replace("```", "'''", StringComparison.Ordinal)}\n```\n";

    public IReadOnlyList<(string Name, string Value)> Outputs => [(OutcomeOutput, "not_applicable"), ("reason", Reason)];
}
