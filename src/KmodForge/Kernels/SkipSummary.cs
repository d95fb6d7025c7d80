namespace KmodForge.Kernels;

/// <summary>
/// Counts what was skipped, per reason and per reason and detail (the distribution, version or key), keeping a few
/// examples of each reason for the plan. Nothing is dropped without being counted here.
/// </summary>
/// <remarks>
/// Counted in arrays indexed by reason and string-keyed maps of counters: a matrix run adds tens of thousands of skips
/// in about a second, and maps keyed by value types (the enum, a tuple) would each be jitted at its start. The
/// dictionaries the properties return are made when asked for (the plan report reads them once).
/// </remarks>
public sealed class SkipSummary
{
    public const int ExamplesPerReason = 3;

    private static readonly int Reasons = Enum.GetValuesAsUnderlyingType(typeof(SkipReason)).Length;

    private readonly int[] byReason = new int[Reasons];
    private readonly Dictionary<string, Counter>?[] byDetail = new Dictionary<string, Counter>?[Reasons];
    private readonly List<string>?[] examples = new List<string>?[Reasons];

    public int Total { get; private set; }

    /// <summary>The reasons counted at least once, with their counts.</summary>
    public IReadOnlyDictionary<SkipReason, int> ByReason
    {
        get
        {
            var result = new Dictionary<SkipReason, int>();
            for (var r = 0; r < Reasons; r++)
            {
                if (byReason[r] > 0)
                {
                    result[(SkipReason)r] = byReason[r];
                }
            }

            return result;
        }
    }

    public IReadOnlyDictionary<(SkipReason Reason, string Detail), int> ByDetail
    {
        get
        {
            var result = new Dictionary<(SkipReason Reason, string Detail), int>();
            for (var r = 0; r < Reasons; r++)
            {
                foreach (var (detail, counter) in byDetail[r] ?? [])
                {
                    result[((SkipReason)r, detail)] = counter.Value;
                }
            }

            return result;
        }
    }

    public IReadOnlyList<string> Examples(SkipReason reason) => examples[(int)reason] is { } list ? list : [];

    public int this[SkipReason reason] => byReason[(int)reason];

    /// <param name="detail">What the reason is about, bounded in kinds (e.g. <c>oracle7</c>, <c>ubuntu 20.04</c>).</param>
    /// <param name="example">The offending entry or value, made printable by the caller.</param>
    public void Add(SkipReason reason, string detail, string? example = null) => Add(reason, detail, 1, example);

    public void Merge(SkipSummary other)
    {
        for (var r = 0; r < Reasons; r++)
        {
            foreach (var (detail, counter) in other.byDetail[r] ?? [])
            {
                Add((SkipReason)r, detail, counter.Value, example: null);
            }

            foreach (var example in other.examples[r] ?? [])
            {
                AddExample(r, example);
            }
        }
    }

    private void Add(SkipReason reason, string detail, int count, string? example)
    {
        var r = (int)reason;
        Total += count;
        byReason[r] += count;
        var details = byDetail[r] ??= new Dictionary<string, Counter>(StringComparer.Ordinal);
        if (!details.TryGetValue(detail, out var counter))
        {
            details[detail] = counter = new Counter();
        }

        counter.Value += count;
        if (example is not null)
        {
            AddExample(r, example);
        }
    }

    private void AddExample(int reason, string example)
    {
        var list = examples[reason] ??= [];
        if (list.Count < ExamplesPerReason)
        {
            list.Add(example);
        }
    }

    private sealed class Counter
    {
        public int Value { get; set; }
    }
}
