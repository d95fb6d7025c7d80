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
        var read = PreviousMatrixReader.Read(stream, source);
        if (read.Format != Format || read.DriverVersion is null)
        {
            throw Bad(source, "$", $"is not a previous-matrix file of format {Format} with a driver_version (found format {read.Format?.ToString(CultureInfo.InvariantCulture) ?? "none"})");
        }

        return new PreviousMatrix(read.DriverVersion, read.Digests);
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

    private static Kernels.KernelListFormatException Bad(string source, string path, string problem) => new(source, path, problem);
}
