using System.Text;
using System.Text.Json;
using KmodForge.Errors;

namespace KmodForge.Kernels.Crawler;

/// <summary>
/// Reads one entry object, from its <c>{</c> (the reader's current token) to its <c>}</c>, and checks its shape. The
/// entry is read once, as the buffer holds it: when the buffer ends inside it, nothing is counted and the caller reads
/// it again from its start with more data (before, every entry was skipped over first to know it was whole, and so
/// tokenized twice).
/// </summary>
internal static class CrawlerEntryParser
{
    private const int MaxHeaders = 64;

    /// <summary>
    /// False when the buffer ended inside the entry (nothing counted; read it again with more data). Otherwise true,
    /// with the entry, or null after counting why it was skipped.
    /// </summary>
    public static bool TryParse(ref Utf8JsonReader reader, string key, SkipSummary skips, out CrawlerEntry? entry)
    {
        entry = null;
        string? version = null, release = null, target = null;
        List<string>? headers = null;
        (SkipReason Reason, string Example)? problem = null;
        var seen = 0;

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                // The entry's '}' (the reader allows nothing else here).
                break;
            }

            // Compared as UTF-8, so the five known names never become strings.
            var bit = KeyBit(ref reader);
            string? unknown = bit == 0 ? reader.GetString() : null;
            if (!reader.Read())
            {
                return false;
            }

            var name = Name(bit);
            if (bit == 0 || (seen & bit) != 0)
            {
                problem ??= (SkipReason.UnknownKey, bit == 0 ? $"unknown key {Printable.Quote(unknown)}" : $"key \"{name}\" appears twice");
                if (!reader.TrySkip())
                {
                    return false;
                }

                continue;
            }

            seen |= bit;
            switch (bit)
            {
                case 1:
                    version = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                        _ => null,
                    };
                    if (version is null)
                    {
                        problem ??= WrongType(name, reader.TokenType, "a string or an integer");
                        if (!reader.TrySkip())
                        {
                            return false;
                        }
                    }

                    break;
                case 2:
                case 4:
                    var text = reader.TokenType != JsonTokenType.String ? null : bit == 4 ? Target(ref reader) : reader.GetString();
                    if (text is null)
                    {
                        problem ??= WrongType(name, reader.TokenType, "a string");
                        if (!reader.TrySkip())
                        {
                            return false;
                        }
                    }
                    else if (bit == 2)
                    {
                        release = text;
                    }
                    else
                    {
                        target = text;
                    }

                    break;
                case 8:
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        problem ??= WrongType(name, reader.TokenType, "an array of URLs");
                        if (!reader.TrySkip())
                        {
                            return false;
                        }

                        break;
                    }

                    // Collected in this thread's list, then kept as an array of their number.
                    headers = scratchHeaders ??= new List<string>(MaxHeaders);
                    headers.Clear();
                    while (true)
                    {
                        if (!reader.Read())
                        {
                            return false;
                        }

                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            break;
                        }

                        if (reader.TokenType != JsonTokenType.String)
                        {
                            problem ??= WrongType("headers[]", reader.TokenType, "a string");
                            if (!reader.TrySkip())
                            {
                                return false;
                            }
                        }
                        else if (headers.Count < MaxHeaders)
                        {
                            headers.Add(reader.GetString()!);
                        }
                        else
                        {
                            problem ??= (SkipReason.InvalidHeaderUrl, $"more than {MaxHeaders} header URLs");
                        }
                    }

                    break;
                default:
                    // kernelconfigdata (minikube, flatcar, bottlerocket, talos): a base64 kernel config we do not use.
                    if (!reader.TrySkip())
                    {
                        return false;
                    }

                    break;
            }
        }

        if (problem is null && (version is null || release is null || target is null))
        {
            var missing = string.Join(", ", new[] { ("kernelversion", version), ("kernelrelease", release), ("target", target) }.Where(x => x.Item2 is null).Select(x => x.Item1));
            problem = (SkipReason.MissingField, "missing " + missing);
        }

        if (problem is { } p)
        {
            skips.Add(p.Reason, Printable.Quote(key), $"{Printable.Quote(key)}: {p.Example} (kernelrelease {Printable.Quote(release)})");
            return true;
        }

        entry = new CrawlerEntry(key, version!, release!, target!, headers is null ? [] : headers.ToArray());
        return true;
    }

    [ThreadStatic]
    private static List<string>? scratchHeaders;

    [ThreadStatic]
    private static string[]? targets;

    [ThreadStatic]
    private static byte[][]? targetBytes;

    /// <summary>
    /// A crawler file has a few dozen targets over thousands of entries: each one's string is made once (per thread)
    /// and handed out again when the same text comes (compared unescaped, as UTF-8), up to 32 of them.
    /// </summary>
    private static string Target(ref Utf8JsonReader reader)
    {
        var known = targets ??= new string[32];
        var bytes = targetBytes ??= new byte[32][];
        var i = 0;
        for (; i < known.Length && known[i] is { } target; i++)
        {
            if (reader.ValueTextEquals(bytes[i]))
            {
                return target;
            }
        }

        var text = reader.GetString()!;
        if (i < known.Length)
        {
            (known[i], bytes[i]) = (text, System.Text.Encoding.UTF8.GetBytes(text));
        }

        return text;
    }

    private static string Name(int bit) => bit switch
    {
        1 => "kernelversion", 2 => "kernelrelease", 4 => "target", 8 => "headers", 16 => "kernelconfigdata", _ => string.Empty,
    };

    private static int KeyBit(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("kernelversion"u8) ? 1
        : reader.ValueTextEquals("kernelrelease"u8) ? 2
        : reader.ValueTextEquals("target"u8) ? 4
        : reader.ValueTextEquals("headers"u8) ? 8
        : reader.ValueTextEquals("kernelconfigdata"u8) ? 16
        : 0;

    private static (SkipReason, string) WrongType(string name, JsonTokenType token, string expected) =>
        (SkipReason.WrongType, $"\"{name}\" is {JsonErrors.Describe(token)}, expected {expected}");
}
