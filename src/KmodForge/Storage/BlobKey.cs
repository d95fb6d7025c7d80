using System.Text.RegularExpressions;
using KmodForge.Targets;

namespace KmodForge.Storage;

/// <summary>
/// The rule for blob store keys: '/'-separated segments of letters, digits and <c>. _ - +</c>; no empty, <c>.</c> or
/// <c>..</c> segment; no leading or trailing '/'; at most 512 characters. Keys reach S3 URLs and local paths, so
/// nothing else gets through.
/// </summary>
public static partial class BlobKey
{
    public const int MaxLength = 512;

    /// <summary>The problem with a key in words, or null when it is fine.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "is required";
        }

        if (key.Length > MaxLength)
        {
            return $"is too long ({key.Length} characters; at most {MaxLength})";
        }

        if (!Shape().IsMatch(key) || key.Split('/').Any(s => s is "." or ".."))
        {
            return "is not a blob key: use '/'-separated segments of letters, digits and . _ - + (no empty, '.' or '..' segments, no leading or trailing '/')";
        }

        return null;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the field and the value when the key is not valid.</summary>
    public static string Validate(string? key, string field = "key") =>
        Problem(key) is { } problem ? throw new ArgumentException(new FieldError(field, key, problem).ToString(), field) : key!;

    /// <summary>Joins a prefix (possibly empty) and a key.</summary>
    public static string Join(string? prefix, string key) =>
        string.IsNullOrEmpty(prefix) ? key : prefix.TrimEnd('/') + "/" + key;

    [GeneratedRegex(@"^[A-Za-z0-9._+-]+(?:/[A-Za-z0-9._+-]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
