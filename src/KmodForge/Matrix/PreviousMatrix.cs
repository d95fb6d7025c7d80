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
public sealed class PreviousMatrix(string driverVersion, Dictionary<string, ulong> digests)
{
    public const int Format = 1;

    public string DriverVersion { get; } = driverVersion;

    public IReadOnlyDictionary<string, ulong> Digests => digests;

    /// <summary>The digests as the concrete map (looked up once per kernel: no interface calls, no boxed enumerators).</summary>
    internal Dictionary<string, ulong> DigestMap => digests;

    public int Count => digests.Count;

    public static PreviousMatrix Read(Stream stream, string source)
    {
        // Sized up front when the length is known (a file): no regrowing copies of a multi-megabyte matrix.
        var length = stream.CanSeek ? stream.Length - stream.Position : 0;
        using var memory = length is > 0 and < int.MaxValue ? new MemoryStream((int)length) : new MemoryStream();
        stream.CopyTo(memory);
        var reader = new Utf8JsonReader(memory.GetBuffer().AsSpan(0, (int)memory.Length));
        string? driverVersion = null;
        int? format = null;
        // About 56 bytes a kernel ("key": "16 hex digits",).
        var digests = new Dictionary<string, ulong>((int)Math.Min(memory.Length / 56, 1 << 20), StringComparer.Ordinal);
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
                            var key = reader.GetString()!;
                            reader.Read();
                            if (reader.TokenType != JsonTokenType.String
                                || !ulong.TryParse(reader.ValueSpan, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var digest))
                            {
                                throw Bad(source, $"$.kernels[{Printable.Quote(key)}]", "must be a 16-digit hex digest");
                            }

                            digests[key] = digest;
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
        foreach (var key in digests.Keys.Order(StringComparer.Ordinal))
        {
            writer.WriteString(key, digests[key].ToString("x16", CultureInfo.InvariantCulture));
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
