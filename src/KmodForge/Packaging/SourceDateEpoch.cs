using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KmodForge.Errors;

namespace KmodForge.Packaging;

/// <summary>
/// The timestamp every file in a package carries (https://reproducible-builds.org/specs/source-date-epoch/): the
/// <c>SOURCE_DATE_EPOCH</c> environment variable when set, else a fixed value derived from the build's inputs, never
/// the current time, so rebuilding the same inputs gives the same bytes.
/// </summary>
public static class SourceDateEpoch
{
    public const string VariableName = "SOURCE_DATE_EPOCH";

    /// <summary>2000-01-01T00:00:00Z: derived timestamps fall in the twenty years after it.</summary>
    public const long DerivedBase = 946_684_800;

    /// <summary>The last second of 9999, the most a tar or ar header (and DateTimeOffset) can carry.</summary>
    public const long Max = 253_402_300_799;

    private const long DerivedSpan = 20L * 365 * 24 * 3600;

    /// <summary>SOURCE_DATE_EPOCH from <paramref name="environment"/>, validated; otherwise <see cref="Derive"/> of the inputs.</summary>
    public static long Resolve(Func<string, string?> environment, params string[] inputs)
    {
        var raw = environment(VariableName);
        return string.IsNullOrEmpty(raw) ? Derive(inputs) : Parse(raw);
    }

    /// <summary>Reads the process environment.</summary>
    public static long Resolve(params string[] inputs) => Resolve(Environment.GetEnvironmentVariable, inputs);

    /// <summary>Parses a SOURCE_DATE_EPOCH value: decimal seconds since 1970, 0 to <see cref="Max"/>.</summary>
    public static long Parse(string raw)
    {
        if (raw.Length is > 0 and <= 12 && raw.All(char.IsAsciiDigit)
            && long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= Max)
        {
            return value;
        }

        throw new FormatException(
            $"{VariableName}: {Printable.Quote(raw)} is not accepted; give whole seconds since 1970-01-01 UTC (0 to {Max}), e.g. the last commit's time: git log -1 --format=%ct");
    }

    /// <summary>
    /// A fixed timestamp from the build's inputs (e.g. driver name, driver version, kernel release): the same inputs
    /// always give the same second, somewhere in 2000-2019, so it is never in the future and never "now".
    /// </summary>
    public static long Derive(params string[] inputs)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("kmodforge-sde/v1\n" + string.Join('\n', inputs)));
        return DerivedBase + (long)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)DerivedSpan);
    }
}
