namespace KmodForge.Kernels;

/// <summary>The rule for header package URLs taken from kernels.json or kernel-crawler data.</summary>
public static class HeaderUrl
{
    public const int MaxLength = 2048;

    /// <summary>Null when <paramref name="url"/> is an absolute http(s) URL of printable ASCII; otherwise the problem.</summary>
    public static string? Problem(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return "is empty; give an absolute http(s) URL of a header package";
        }

        if (url.Length > MaxLength)
        {
            return $"is too long ({url.Length} characters; at most {MaxLength})";
        }

        foreach (var c in url)
        {
            if (c is <= ' ' or > '~' or '"' or '\'' or '`' or '\\' or '<' or '>' or '{' or '}' or '|' or '^')
            {
                return "contains a character not allowed in a header URL (spaces, quotes, control or non-ASCII characters)";
            }
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : "is not an absolute http:// or https:// URL without credentials";
    }
}
