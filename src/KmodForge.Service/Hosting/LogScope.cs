using System.Collections;

namespace KmodForge.Service.Hosting;

/// <summary>
/// A logging scope of named values. Structured formatters (JSON) read the pairs; the simple console formatter prints
/// <see cref="ToString"/>: <c>BuildId=b-1, CacheKey=kfs-…</c> (each value through the one printable formatter).
/// </summary>
public sealed class LogScope(params (string Name, object? Value)[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] pairs = values.Select(v => new KeyValuePair<string, object?>(v.Name, v.Value)).ToArray();

    public int Count => pairs.Length;

    public KeyValuePair<string, object?> this[int index] => pairs[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)pairs).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        string.Join(", ", pairs.Select(p => $"{p.Key}={KmodForge.Errors.Printable.Quote(p.Value?.ToString(), 200).Trim('\'')}"));
}
