using System.Text.Json;
using KmodForge.Errors;
using KmodForge.IO;
using KmodForge.Targets;

namespace KmodForge.Kernels.Crawler;

/// <summary>
/// Stream-parses kernel-crawler JSON (<c>{"&lt;distro key&gt;": [entry, ...], ...}</c>, either schema) with a
/// <see cref="Utf8JsonReader"/> over a sliding buffer, so memory stays bounded by the largest single entry, not the
/// file. Entries of the wrong shape are counted in a <see cref="SkipSummary"/> and skipped; only a file that is not
/// JSON at all, or whose top level is not an object, is an error.
/// </summary>
public static class KernelCrawlerReader
{
    private const int InitialBuffer = 256 * 1024;
    private const int MaxEntryBytes = 16 * 1024 * 1024;

    private enum Phase { Start, Keys, Value, Entries, Done }

    /// <summary>
    /// Reads every entry of <paramref name="stream"/>, calling <paramref name="onEntry"/> for each well-shaped one;
    /// returns how many entries it saw, the ones skipped for their shape included.
    /// </summary>
    public static int Read(Stream stream, string source, Action<CrawlerEntry> onEntry, SkipSummary skips, CancellationToken cancellationToken = default)
    {
        using var window = new StreamWindow(stream, InitialBuffer);
        var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        var cursor = new Cursor();
        while (cursor.Phase != Phase.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!window.Fill(MaxEntryBytes))
            {
                throw new KernelListFormatException(source, $"byte {cursor.Offset}", $"has an entry or key longer than {MaxEntryBytes / (1024 * 1024)} MB");
            }

            var reader = new Utf8JsonReader(window.Unread, window.Final, state);
            try
            {
                cursor.Advance(ref reader, source, onEntry, skips);
            }
            catch (JsonException e)
            {
                throw new KernelListFormatException(source, JsonErrors.Position(e), "is not valid JSON: " + JsonErrors.Message(e), e);
            }

            window.Consume((int)reader.BytesConsumed);
            cursor.Offset += reader.BytesConsumed;
            state = reader.CurrentState;
            if (window.Final && cursor.Phase != Phase.Done)
            {
                throw new KernelListFormatException(source, $"byte {cursor.Offset}", "ends before the top-level object is closed");
            }
        }

        return cursor.Entries;
    }

    /// <summary>The parse position: which phase, under which distro key. Advances only over complete tokens and entries.</summary>
    private sealed class Cursor
    {
        public Phase Phase { get; private set; } = Phase.Start;

        public long Offset { get; set; }

        /// <summary>Entries seen, well-shaped or not (a distro key whose value is not an array counts as one).</summary>
        public int Entries { get; private set; }

        private string key = string.Empty;

        public void Advance(ref Utf8JsonReader reader, string source, Action<CrawlerEntry> onEntry, SkipSummary skips)
        {
            while (Phase != Phase.Done)
            {
                var checkpoint = reader;
                if (!reader.Read())
                {
                    reader = checkpoint;
                    return;
                }

                switch (Phase)
                {
                    case Phase.Start:
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new KernelListFormatException(source, "$", $"must be an object keyed by distribution, not {JsonErrors.Describe(reader.TokenType)}");
                        }

                        Phase = Phase.Keys;
                        break;
                    case Phase.Keys:
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            Phase = Phase.Done;
                        }
                        else
                        {
                            key = reader.GetString()!;
                            Phase = Phase.Value;
                        }

                        break;
                    case Phase.Value:
                        if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            Phase = Phase.Entries;
                            break;
                        }

                        if (!SkipMisshapen(ref reader, skips, SkipReason.NotAnArray, $"$.{Printable(key)} is {JsonErrors.Describe(reader.TokenType)}, not an array"))
                        {
                            reader = checkpoint;
                            return;
                        }

                        Phase = Phase.Keys;
                        break;
                    case Phase.Entries:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            Phase = Phase.Keys;
                            break;
                        }

                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            if (!SkipMisshapen(ref reader, skips, SkipReason.NotAnObject, $"an entry under {Printable(key)} is {JsonErrors.Describe(reader.TokenType)}, not an object"))
                            {
                                reader = checkpoint;
                                return;
                            }

                            break;
                        }

                        // Read as it stands in the buffer; an entry the buffer ends inside is read again with more data.
                        if (!CrawlerEntryParser.TryParse(ref reader, key, skips, out var entry))
                        {
                            reader = checkpoint;
                            return;
                        }

                        Entries++;
                        if (entry is not null)
                        {
                            onEntry(entry);
                        }

                        break;
                }
            }
        }

        /// <summary>Skips a value of the wrong shape, counted as an entry and a skip; false when the buffer ends inside it.</summary>
        private bool SkipMisshapen(ref Utf8JsonReader reader, SkipSummary skips, SkipReason reason, string example)
        {
            if (!reader.TrySkip())
            {
                return false;
            }

            Entries++;
            skips.Add(reason, Printable(key), example);
            return true;
        }

        private static string Printable(string value) => Errors.Printable.Quote(value);
    }

    /// <summary>Reads a kernel-crawler file; returns how many entries it had, the ones skipped for their shape included.</summary>
    public static int ReadFile(string path, Action<CrawlerEntry> onEntry, SkipSummary skips, CancellationToken cancellationToken = default)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, path, onEntry, skips, cancellationToken);
    }
}
