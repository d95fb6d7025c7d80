using System.Globalization;
using System.Text.Json;
using KmodForge.Errors;
using KmodForge.Kernels;

namespace KmodForge.Matrix;

/// <summary>
/// The matrix of the last dispatched run, as kept in the store: the driver version and, per kernel key
/// (<see cref="MatrixKernel.Key"/>), a digest of what the build depends on besides the kernel (its header URLs). Small
/// on purpose: about 70 bytes per kernel. Format: <c>{"format": 1, "driver_version": "v1.2.3", "kernels": {"key": "digest", ...}}</c>.
/// </summary>
public sealed class PreviousMatrix
{
    public const int Format = 1;

    private readonly PreviousDigestTable? table;
    private Dictionary<string, ulong>? digests;

    public PreviousMatrix(string driverVersion, Dictionary<string, ulong> digests)
    {
        DriverVersion = driverVersion;
        this.digests = digests;
    }

    /// <summary>A matrix kept as a table (a file read, or the matrix <see cref="MatrixBuilder"/> built).</summary>
    internal PreviousMatrix(string driverVersion, PreviousDigestTable table)
    {
        DriverVersion = driverVersion;
        this.table = table;
    }

    public string DriverVersion { get; }

    /// <summary>Every key and digest (a file read is turned into strings only when this is asked for).</summary>
    public IReadOnlyDictionary<string, ulong> Digests => Map;

    public int Count => digests?.Count ?? table!.Count;

    private Dictionary<string, ulong> Map => digests ??= table!.ToDictionary();

    /// <summary>The digest of one kernel key, if the previous matrix has it.</summary>
    public bool TryGetDigest(string key, out ulong digest) =>
        digests is not null ? digests.TryGetValue(key, out digest) : table!.TryGetValue(key, out digest);

    /// <summary>The same, for a key given as UTF-8 with its <see cref="PreviousDigestTable.Hash"/>.</summary>
    internal bool TryGetDigest(ReadOnlySpan<byte> key, ulong hash, out ulong digest) =>
        table is not null ? table.TryGetValue(key, hash, out digest) : digests!.TryGetValue(System.Text.Encoding.UTF8.GetString(key), out digest);

    public static PreviousMatrix Read(Stream stream, string source)
    {
        // Read straight into an array of the file's length when it is known (no copy buffer, no regrowing copies of a
        // multi-megabyte matrix); other streams through a MemoryStream.
        var length = stream.CanSeek ? stream.Length - stream.Position : 0;
        byte[] bytes;
        int count;
        if (length is > 0 and < int.MaxValue)
        {
            bytes = GC.AllocateUninitializedArray<byte>((int)length);
            count = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        }
        else
        {
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            (bytes, count) = (memory.GetBuffer(), (int)memory.Length);
        }

        var reader = new Utf8JsonReader(bytes.AsSpan(0, count));
        string? driverVersion = null;
        int? format = null;
        // About 56 bytes a kernel ("key": "16 hex digits",); the keys' UTF-8 is shorter than the file.
        var digests = new PreviousDigestTable(count, Math.Min(count / 56, 1 << 20));
        var keyBuffer = new byte[256];
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, source, "$");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                switch (name)
                {
                    case "format":
                        format = reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : throw Bad(source, "$.format", "must be a number");
                        break;
                    case "driver_version":
                        driverVersion = reader.TokenType == JsonTokenType.String ? reader.GetString() : throw Bad(source, "$.driver_version", "must be a string");
                        break;
                    case "kernels":
                        Expect(ref reader, JsonTokenType.StartObject, source, "$.kernels", read: false);
                        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                        {
                            // The key unescaped as UTF-8, not as a string (see PreviousDigestTable).
                            var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                            if (needed > keyBuffer.Length)
                            {
                                keyBuffer = new byte[needed];
                            }

                            var key = keyBuffer.AsSpan(0, reader.CopyString(keyBuffer));
                            reader.Read();
                            if (reader.TokenType != JsonTokenType.String
                                || !ulong.TryParse(reader.ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var digest))
                            {
                                throw Bad(source, $"$.kernels[{Printable.Quote(System.Text.Encoding.UTF8.GetString(key))}]", "must be a 16-digit hex digest");
                            }

                            digests.Set(key, digest);
                        }

                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            throw new Kernels.KernelListFormatException(source, JsonErrors.Position(e), "is not valid JSON: " + JsonErrors.Message(e), e);
        }

        if (format != Format || driverVersion is null)
        {
            throw Bad(source, "$", $"is not a previous-matrix file of format {Format} with a driver_version (found format {format?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
        }

        return new PreviousMatrix(driverVersion, digests);
    }

    /// <summary>Writes the canonical form: keys sorted ordinally, so the same matrix gives the same bytes.</summary>
    public void Write(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteNumber("format", Format);
        writer.WriteString("driver_version", DriverVersion);
        writer.WriteStartObject("kernels");
        var map = Map;
        foreach (var key in map.Keys.Order(StringComparer.Ordinal))
        {
            writer.WriteString(key, map[key].ToString("x16", CultureInfo.InvariantCulture));
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string source, string path, bool read = true)
    {
        if ((read && !reader.Read()) || reader.TokenType != type)
        {
            throw Bad(source, path, $"must be {(type == JsonTokenType.StartObject ? "an object" : type.ToString())}");
        }
    }

    private static Kernels.KernelListFormatException Bad(string source, string path, string problem) => new(source, path, problem);
}
