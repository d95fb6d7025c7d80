using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Headers;

/// <summary>
/// <c>&lt;distribution&gt;=&lt;url&gt;</c> entries of <c>--koji-hub</c> or <c>--koji-topurl</c>, each replacing one
/// distribution's Koji endpoint. Only distributions with a Koji instance in the registry are accepted, so a new Koji
/// distribution needs no setting of its own.
/// </summary>
internal sealed class KojiOverrides
{
    private readonly Dictionary<string, string> urls;

    private KojiOverrides(IReadOnlyList<string> given, Dictionary<string, string> urls)
    {
        Given = given;
        this.urls = urls;
    }

    public static KojiOverrides None { get; } = new([], new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>The entries as given.</summary>
    public IReadOnlyList<string> Given { get; }

    /// <summary>
    /// Parses the entries. A bad one throws <see cref="FormatException"/> naming it and what is accepted (the settings
    /// binder adds the setting's name).
    /// </summary>
    public static KojiOverrides Parse(IReadOnlyList<string> entries)
    {
        var accepted = string.Join(", ", DistroRegistry.All.Where(d => d.Koji is not null).Select(d => d.Id));
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var id = equals > 0 ? entry[..equals].Trim() : string.Empty;
            if (DistroRegistry.Find(id) is not { Koji: not null } distribution)
            {
                throw new FormatException($"has the entry {Printable.Quote(entry)}; accepted: <distribution>=<url>, where the distribution is one of {accepted}");
            }

            var url = entry[(equals + 1)..].Trim();
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new FormatException($"gives {distribution.Id} the URL {Printable.Quote(url)}; accepted: an absolute http:// or https:// URL");
            }

            urls[distribution.Id] = url;
        }

        return new(entries, urls);
    }

    public string? For(Distribution distribution) => urls.GetValueOrDefault(distribution.Id);
}
