using KmodForge.Errors;

namespace KmodForge.Sources;

/// <summary>
/// The rules for the git form of <c>--module-source</c>: which URLs and refs are accepted before either reaches git,
/// and how a URL is shown without its credentials.
/// </summary>
public static class GitLocation
{
    public const string Prefix = "git+";

    private static readonly string[] Schemes = ["https", "http", "ssh", "git", "file"];

    /// <summary>
    /// Splits <c>&lt;url or path&gt;[@&lt;ref&gt;]</c> (the part after <c>git+</c>). The ref is after the last <c>@</c> of
    /// the path part, so <c>ssh://git@host/repo.git@v1.2</c> is the URL <c>ssh://git@host/repo.git</c> at <c>v1.2</c>.
    /// </summary>
    public static (string Location, string? Ref) Split(string value)
    {
        var pathStart = value.IndexOf("://", StringComparison.Ordinal) is var s and >= 0 ? Math.Max(value.IndexOf('/', s + 3), s + 3) : 0;
        var at = value.LastIndexOf('@');
        return at >= pathStart && pathStart >= 0 && at > 0 ? (value[..at], value[(at + 1)..]) : (value, null);
    }

    /// <summary>Why <paramref name="url"/> is not an accepted repository URL (null: accepted). Local paths are checked by the caller.</summary>
    public static string? UrlProblem(string url)
    {
        if (url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || url.StartsWith('-'))
        {
            return "has whitespace, a control character or a leading '-'; " + ModuleSourceSpec.AcceptedForms;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme, StringComparer.Ordinal))
        {
            return $"is not a repository URL with one of the schemes {string.Join(", ", Schemes)}; {ModuleSourceSpec.AcceptedForms}";
        }

        if (uri.Scheme != "file" && string.IsNullOrEmpty(uri.Host))
        {
            return "has no host; " + ModuleSourceSpec.AcceptedForms;
        }

        return null;
    }

    /// <summary>
    /// Why <paramref name="gitRef"/> is not an accepted ref (null: accepted): a tag, branch, full ref name or commit id
    /// made of letters, digits and <c>. _ - + /</c>, as <c>git check-ref-format</c> would accept it, never starting with <c>-</c>.
    /// </summary>
    public static string? RefProblem(string gitRef)
    {
        const string accepted = "give a tag, branch or commit of letters, digits and . _ - + / (e.g. v1.2.3, main, refs/tags/v1.2.3 or a 40-hex commit id)";
        if (gitRef.Length is 0 or > 200 || gitRef.StartsWith('-') || gitRef.StartsWith('/') || gitRef.EndsWith('/') || gitRef.EndsWith('.')
            || gitRef.EndsWith(".lock", StringComparison.Ordinal) || gitRef.Contains("..", StringComparison.Ordinal) || gitRef.Contains("//", StringComparison.Ordinal)
            || gitRef.Split('/').Any(part => part.StartsWith('.'))
            || !gitRef.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+' or '/'))
        {
            return "is not an accepted git ref; " + accepted;
        }

        return null;
    }

    /// <summary>Whether the ref is a full commit id (40 or 64 hex digits), which needs no lookup.</summary>
    public static bool IsCommitId(string gitRef) => gitRef.Length is 40 or 64 && gitRef.All(char.IsAsciiHexDigit);

    /// <summary>The URL with any user name and password replaced by <c>***</c> (for logs and errors).</summary>
    public static string Redact(string location)
    {
        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return location;
        }

        var hostStart = scheme + 3;
        var pathStart = location.IndexOf('/', hostStart) is var p and >= 0 ? p : location.Length;
        var at = location.LastIndexOf('@', pathStart - 1, pathStart - hostStart);
        return at < 0 ? location : location[..hostStart] + "***" + location[at..];
    }

    /// <summary>Every occurrence of <paramref name="location"/>'s credentials in <paramref name="text"/> replaced (git echoes URLs in its errors).</summary>
    public static string RedactIn(string text, string location)
    {
        var redacted = Redact(location);
        return redacted == location ? text : text.Replace(location, redacted, StringComparison.Ordinal).Replace(Credentials(location), "***", StringComparison.Ordinal);
    }

    private static string Credentials(string location)
    {
        var hostStart = location.IndexOf("://", StringComparison.Ordinal) + 3;
        var pathStart = location.IndexOf('/', hostStart) is var p and >= 0 ? p : location.Length;
        var at = location.LastIndexOf('@', pathStart - 1, pathStart - hostStart);
        return location[hostStart..at];
    }

    internal static string Quote(string location) => Printable.Quote(Redact(location), 200);
}
