namespace KmodForge.Diagnostics;

/// <summary>
/// Holds the secret values of a build and replaces each occurrence in text with <c>***</c>. Every build log masks
/// every line it writes; the GitHub Actions log also tells the runner (<c>::add-mask::</c>) when a secret is added.
/// </summary>
public sealed class SecretMasker
{
    public const string Mask = "***";

    /// <summary>
    /// Values shorter than this are never masked: masking a one-character "secret" would turn every path into
    /// <c>/***mp/...</c> and hide nothing (the service refuses API tokens under 32 characters anyway).
    /// </summary>
    public const int MinimumLength = 8;

    private readonly Lock gate = new();
    private string[] secrets = [];

    /// <summary>Raised once per new secret line (a multi-line secret is registered line by line, as GitHub does).</summary>
    public event Action<string>? SecretAdded;

    /// <summary>The registered secrets, longest first.</summary>
    public IReadOnlyList<string> Secrets => Volatile.Read(ref secrets);

    /// <summary>Registers a secret; null, empty and whitespace-only values, and lines shorter than <see cref="MinimumLength"/>, are ignored.</summary>
    public void Add(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return;
        }

        var parts = secret.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Trim().Length >= MinimumLength);
        var added = new List<string>();
        lock (gate)
        {
            var current = new HashSet<string>(secrets, StringComparer.Ordinal);
            added.AddRange(parts.Where(current.Add));
            if (added.Count == 0)
            {
                return;
            }

            Volatile.Write(ref secrets, [.. current.OrderByDescending(s => s.Length).ThenBy(s => s, StringComparer.Ordinal)]);
        }

        foreach (var part in added)
        {
            SecretAdded?.Invoke(part);
        }
    }

    /// <summary>The text with every registered secret replaced by <c>***</c>.</summary>
    public string Apply(string text)
    {
        var current = Volatile.Read(ref secrets);
        foreach (var secret in current)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }
}
