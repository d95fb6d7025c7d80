using System.Text;
using System.Text.Json;
using KmodForge.Errors;

namespace KmodForge.Kernels.Crawler;

/// <summary>Reads one complete entry object (already known to be in the buffer) and checks its shape.</summary>
internal static class CrawlerEntryParser
{
    private const int MaxHeaders = 64;

    /// <summary>The entry, or null after counting why it was skipped.</summary>
    public static CrawlerEntry? Parse(ref Utf8JsonReader reader, string key, SkipSummary skips)
    {
        string? version = null, release = null, target = null;
        List<string>? headers = null;
        (SkipReason Reason, string Example)? problem = null;
        var seen = 0;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // Compared as UTF-8, so the five known names never become strings.
            var bit = KeyBit(ref reader);
            string? unknown = bit == 0 ? reader.GetString() : null;
            reader.Read();
            var name = Names[bit];

            if (bit == 0 || (seen & bit) != 0)
            {
                problem ??= (SkipReason.UnknownKey, bit == 0 ? $"unknown key {Printable.Quote(unknown)}" : $"key \"{name}\" appears twice");
                reader.TrySkip();
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
                        reader.TrySkip();
                    }

                    break;
                case 2:
                case 4:
                    var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    if (text is null)
                    {
                        problem ??= WrongType(name, reader.TokenType, "a string");
                        reader.TrySkip();
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
                        reader.TrySkip();
                        break;
                    }

                    headers = [];
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String)
                        {
                            problem ??= WrongType("headers[]", reader.TokenType, "a string");
                            reader.TrySkip();
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
                    reader.TrySkip();
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
            return null;
        }

        return new CrawlerEntry(key, version!, release!, target!, headers ?? (IReadOnlyList<string>)[]);
    }

    private static readonly Dictionary<int, string> Names = new()
    {
        [0] = string.Empty, [1] = "kernelversion", [2] = "kernelrelease", [4] = "target", [8] = "headers", [16] = "kernelconfigdata",
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
