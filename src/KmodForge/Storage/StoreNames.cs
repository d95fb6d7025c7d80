using System.Text.RegularExpressions;
using KmodForge.Errors;

namespace KmodForge.Storage;

/// <summary>
/// The names stores accept for tags, file names and key segments: letters, digits and <c>. _ + ~ -</c>, not starting
/// with '.' or '-', at most 255 characters. Anything else ('/', '..', whitespace, control or non-ASCII characters,
/// shell characters) is refused before it becomes a path or a URL.
/// </summary>
public static partial class StoreNames
{
    public static string? Problem(string? value) =>
        string.IsNullOrEmpty(value) ? "is required"
        : value.Length > 255 ? $"is too long ({value.Length} characters; at most 255)"
        : SafeName().IsMatch(value) ? null
        : "is not accepted: use letters, digits and . _ + ~ - (not starting with '.' or '-'; no '/', '..', spaces, control or shell characters)";

    public static void RequireSafeName(string field, string? value)
    {
        if (Problem(value) is { } problem)
        {
            throw new ArgumentException($"{field}: {Printable.Quote(value)} {problem}", field);
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+~][A-Za-z0-9._+~-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();
}
