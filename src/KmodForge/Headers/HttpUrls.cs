using System.Text.RegularExpressions;
using KmodForge.Errors;

namespace KmodForge.Headers;

/// <summary>Validation of URLs that come from settings or data files before they are fetched or written into a repo file.</summary>
public static partial class HttpUrls
{
    /// <summary>The URL (with <c>..</c> segments resolved) if it is a plain http(s) URL without shell or control characters; else the problem.</summary>
    public static (Uri? Url, string? Problem) Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 2048 || !Shape().IsMatch(value))
        {
            return (null, "is not an http(s) URL of letters, digits and . - _ ~ % + / : (no spaces, quotes or shell characters)");
        }

        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && string.IsNullOrEmpty(uri.UserInfo)
            ? (uri, null)
            : (null, "is not an absolute http(s) URL without credentials");
    }

    public static Uri Require(string value, string setting) =>
        Parse(value) is { Url: { } url } ? url : throw new Configuration.SettingsException([$"--{setting}: {Printable.Quote(value)} {Parse(value).Problem}"]);

    [GeneratedRegex(@"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:/[A-Za-z0-9._~%+-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
