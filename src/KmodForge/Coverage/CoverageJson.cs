using System.Text.Json;

namespace KmodForge.Coverage;

/// <summary>
/// The report's data as JSON (<c>coverage.json</c>, format 1): what the page shows, for programs too. Null fields are
/// left out; the same report gives the same bytes.
/// </summary>
public static class CoverageJson
{
    public const int Format = 1;

    public static byte[] ToBytes(CoverageReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            w.WriteStartObject();
            w.WriteNumber("format", Format);
            w.WriteString("generated_at", report.GeneratedAt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("driver_name", report.DriverName);
            w.WriteStartArray("driver_versions");
            foreach (var version in report.DriverVersions)
            {
                w.WriteStringValue(version);
            }

            w.WriteEndArray();
            w.WriteString("release_store", report.ReleaseStore);
            Optional(w, "matrix_id", report.MatrixId);
            Optional(w, "matrix_run_url", report.MatrixRunUrl);
            w.WriteStartObject("counts");
            foreach (var (distribution, counts) in report.Counts())
            {
                w.WriteStartObject(distribution);
                foreach (var (status, count) in counts)
                {
                    w.WriteNumber(status.JsonName(), count);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("groups");
            foreach (var group in report.Groups)
            {
                w.WriteStartObject();
                w.WriteString("distribution", group.Distribution);
                w.WriteString("distro_version", group.DistroVersion);
                w.WriteString("architecture", group.Architecture);
                w.WriteStartArray("rows");
                foreach (var row in group.Rows)
                {
                    WriteRow(w, row);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteRow(Utf8JsonWriter w, CoverageRow row)
    {
        w.WriteStartObject();
        w.WriteString("kernel_release", row.KernelRelease);
        w.WriteString("driver_version", row.DriverVersion);
        w.WriteString("status", row.Status.JsonName());
        Optional(w, "file", row.FileName);
        Optional(w, "url", row.Url);
        if (row.Size is { } size)
        {
            w.WriteNumber("size", size);
        }

        Optional(w, "sha256", row.Sha256);
        Optional(w, "reason", row.Reason);
        Optional(w, "run_url", row.RunUrl);
        w.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }
}
