namespace KmodForge.Kernels;

/// <summary>The rule for header package URLs taken from kernels.json or kernel-crawler data.</summary>
public static class HeaderUrl
{
    public const int MaxLength = 2048;

    /// <summary>Printable ASCII except space, quotes, '`', '\', '&lt;', '&gt;', '{', '}', '|' and '^' (searched vectorized).</summary>
    private static readonly System.Buffers.SearchValues<char> AllowedCharacters =
        System.Buffers.SearchValues.Create("!#$%&()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]_abcdefghijklmnopqrstuvwxyz~");

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

        if (url.AsSpan().ContainsAnyExcept(AllowedCharacters))
        {
            return "contains a character not allowed in a header URL (spaces, quotes, control or non-ASCII characters)";
        }

        if (IsPlainHttpUrl(url))
        {
            return null;
        }

        return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.UserInfo)
            ? null
            : "is not an absolute http:// or https:// URL without credentials";
    }

    /// <summary>
    /// The common shape, checked without building a <see cref="Uri"/> (the matrix reads hundreds of thousands):
    /// <c>http(s)://</c>, a host name of letters, digits, '-' and '.' (labels not empty), an optional port, then
    /// '/' and the rest. Its characters were checked already. Anything else is left to <see cref="Uri"/>.
    /// </summary>
    internal static bool IsPlainHttpUrl(string url)
    {
        var rest = url.StartsWith("https://", StringComparison.Ordinal) ? url.AsSpan(8)
            : url.StartsWith("http://", StringComparison.Ordinal) ? url.AsSpan(7)
            : default;
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var authority = rest[..slash];
        var colon = authority.IndexOf(':');
        var host = colon < 0 ? authority : authority[..colon];
        if (colon >= 0)
        {
            var port = authority[(colon + 1)..];
            if (port.IsEmpty || port.Length > 5 || port.ContainsAnyExceptInRange('0', '9') || int.Parse(port, provider: System.Globalization.CultureInfo.InvariantCulture) > 65535)
            {
                return false;
            }
        }

        // Labels of 1-63 characters; the last has a letter (numeric hosts are left to Uri's IP rules).
        int label = 0, letters = 0;
        foreach (var c in host)
        {
            if (c == '.')
            {
                if (label == 0)
                {
                    return false;
                }

                (label, letters) = (0, 0);
            }
            else if (char.IsAsciiLetterOrDigit(c) || (c == '-' && label > 0))
            {
                label++;
                letters += char.IsAsciiLetter(c) ? 1 : 0;
            }
            else
            {
                return false;
            }

            if (label > 63)
            {
                return false;
            }
        }

        return label > 0 && letters > 0 && host.Length <= 253;
    }
}
