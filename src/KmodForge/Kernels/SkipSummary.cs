namespace KmodForge.Kernels;

/// <summary>
/// Counts what was skipped, per reason and per reason and detail (the distribution, version or key), keeping a few
/// examples of each reason for the plan. Nothing is dropped without being counted here.
/// </summary>
public sealed class SkipSummary
{
    public const int ExamplesPerReason = 3;

    private readonly Dictionary<SkipReason, int> byReason = [];
    private readonly Dictionary<(SkipReason Reason, string Detail), int> byDetail = [];
    private readonly Dictionary<SkipReason, List<string>> examples = [];

    public int Total { get; private set; }

    public IReadOnlyDictionary<SkipReason, int> ByReason => byReason;

    public IReadOnlyDictionary<(SkipReason Reason, string Detail), int> ByDetail => byDetail;

    public IReadOnlyList<string> Examples(SkipReason reason) => examples.TryGetValue(reason, out var list) ? list : [];

    public int this[SkipReason reason] => byReason.GetValueOrDefault(reason);

    /// <param name="detail">What the reason is about, bounded in kinds (e.g. <c>oracle7</c>, <c>ubuntu 20.04</c>).</param>
    /// <param name="example">The offending entry or value, made printable by the caller.</param>
    public void Add(SkipReason reason, string detail, string? example = null)
    {
        Total++;
        byReason[reason] = byReason.GetValueOrDefault(reason) + 1;
        var key = (reason, detail);
        byDetail[key] = byDetail.GetValueOrDefault(key) + 1;
        if (example is not null)
        {
            if (!examples.TryGetValue(reason, out var list))
            {
                examples[reason] = list = [];
            }

            if (list.Count < ExamplesPerReason)
            {
                list.Add(example);
            }
        }
    }

    public void Merge(SkipSummary other)
    {
        foreach (var ((reason, detail), count) in other.byDetail)
        {
            Total += count;
            byReason[reason] = byReason.GetValueOrDefault(reason) + count;
            byDetail[(reason, detail)] = byDetail.GetValueOrDefault((reason, detail)) + count;
        }

        foreach (var (reason, list) in other.examples)
        {
            if (!examples.TryGetValue(reason, out var mine))
            {
                examples[reason] = mine = [];
            }

            mine.AddRange(list.Take(ExamplesPerReason - mine.Count));
        }
    }
}
