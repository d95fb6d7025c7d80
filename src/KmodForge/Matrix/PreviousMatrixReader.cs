using System.Globalization;
using System.Text.Json;
using KmodForge.Errors;
using KmodForge.IO;

namespace KmodForge.Matrix;

/// <summary>
/// Reads a previous-matrix file (<see cref="PreviousMatrix"/>) through a small sliding buffer, not into an array of the
/// file's size: a fresh multi-megabyte array was most of this read's time on a machine where first-touched memory is
/// slow. A key and its digest (and each top-level member) are read as one unit: when the buffer ends inside one, it is
/// read again from its start with more data. Errors are those of a read of the whole file at once.
/// </summary>
internal static class PreviousMatrixReader
{
    private const int BufferBytes = 64 * 1024;

    internal enum Phase { Start, Members, Kernels, Done }

    /// <summary>What the file held: its driver version and format (null when absent) and its keys and digests.</summary>
    public static Contents Read(Stream stream, string source)
    {
        // About 56 bytes a kernel ("key": "16 hex digits",); the keys' UTF-8 is shorter than the file.
        var length = stream.CanSeek ? stream.Length - stream.Position : 0;
        var size = length is > 0 and < int.MaxValue ? (int)length : BufferBytes;
        var read = new Contents(new PreviousDigestTable(size, Math.Min(size / 56, 1 << 20)));
        try
        {
            // A unit longer than the buffer (a long key or unknown value) gets a bigger one: the whole file was read before.
            using var window = new StreamWindow(stream, BufferBytes);
            var state = new JsonReaderState();
            while (read.Phase != Phase.Done)
            {
                if (!window.Fill(1 << 30))
                {
                    throw Bad(source, "$", "has a key or value longer than 1 GB");
                }

                var reader = new Utf8JsonReader(window.Unread, window.Final, state);
                read.Advance(ref reader, source);
                window.Consume((int)reader.BytesConsumed);
                state = reader.CurrentState;
                if (window.Final && read.Phase != Phase.Done)
                {
                    // The final block's reader throws before this for data that ends early; kept so no path loops.
                    throw Bad(source, "$", "ends before the top-level object is closed");
                }
            }
        }
        catch (JsonException e)
        {
            throw new Kernels.KernelListFormatException(source, JsonErrors.Position(e), "is not valid JSON: " + JsonErrors.Message(e), e);
        }

        return read;
    }

    /// <summary>The file's contents as read so far, and where the read is.</summary>
    internal sealed class Contents(PreviousDigestTable digests)
    {
        private byte[] keyBuffer = new byte[256];

        internal Phase Phase { get; private set; } = Phase.Start;

        public string? DriverVersion { get; private set; }

        public int? Format { get; private set; }

        public PreviousDigestTable Digests => digests;

        /// <summary>Reads every whole unit in the buffer; leaves the reader before the first incomplete one.</summary>
        internal void Advance(ref Utf8JsonReader reader, string source)
        {
            while (Phase != Phase.Done)
            {
                var checkpoint = reader;
                if (!Unit(ref reader, source))
                {
                    reader = checkpoint;
                    return;
                }
            }
        }

        /// <summary>One unit; false when the buffer ended inside it.</summary>
        private bool Unit(ref Utf8JsonReader reader, string source)
        {
            if (!reader.Read())
            {
                return false;
            }

            switch (Phase)
            {
                case Phase.Start:
                    Phase = reader.TokenType == JsonTokenType.StartObject ? Phase.Members : throw Bad(source, "$", "must be an object");
                    return true;
                case Phase.Members when reader.TokenType != JsonTokenType.PropertyName:
                case Phase.Kernels when reader.TokenType != JsonTokenType.PropertyName:
                    // The object's end: the kernels' goes back to the members, the file's ends the read.
                    Phase = Phase == Phase.Kernels ? Phase.Members : Phase.Done;
                    return true;
                case Phase.Members:
                    return Member(ref reader, source);
                default:
                    return Kernel(ref reader, source);
            }
        }

        private bool Member(ref Utf8JsonReader reader, string source)
        {
            var name = reader.GetString();
            if (!reader.Read())
            {
                return false;
            }

            switch (name)
            {
                case "format":
                    Format = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : throw Bad(source, "$.format", "must be a number");
                    return true;
                case "driver_version":
                    DriverVersion = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Bad(source, "$.driver_version", "must be a string");
                    return true;
                case "kernels":
                    Phase = reader.TokenType == JsonTokenType.StartObject ? Phase.Kernels : throw Bad(source, "$.kernels", "must be an object");
                    return true;
                default:
                    return reader.TrySkip();
            }
        }

        private bool Kernel(ref Utf8JsonReader reader, string source)
        {
            // The key unescaped as UTF-8, not as a string (see PreviousDigestTable).
            var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
            if (needed > keyBuffer.Length)
            {
                keyBuffer = new byte[needed];
            }

            var key = keyBuffer.AsSpan(0, reader.CopyString(keyBuffer));
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType != JsonTokenType.String
                || !ulong.TryParse(reader.ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var digest))
            {
                throw Bad(source, $"$.kernels[{Printable.Quote(System.Text.Encoding.UTF8.GetString(key))}]", "must be a 16-digit hex digest");
            }

            digests.Set(key, digest);
            return true;
        }
    }

    private static Kernels.KernelListFormatException Bad(string source, string path, string problem) => new(source, path, problem);
}
