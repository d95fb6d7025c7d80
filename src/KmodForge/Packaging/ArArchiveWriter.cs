using System.Globalization;
using System.Text;

namespace KmodForge.Packaging;

/// <summary>
/// Writes a System V / GNU <c>ar</c> archive as dpkg reads it: the global header <c>!&lt;arch&gt;\n</c>, then per member
/// a 60-byte header (name/16, mtime/12, uid/6, gid/6, mode/8 octal, size/10, <c>`\n</c>) and the data, padded with
/// <c>\n</c> to an even offset. Member names must be at most 15 characters (dpkg's own members are).
/// </summary>
public sealed class ArArchiveWriter
{
    public const string GlobalHeader = "!<arch>\n";

    private readonly Stream _output;

    public ArArchiveWriter(Stream output)
    {
        _output = output;
        _output.Write(Encoding.ASCII.GetBytes(GlobalHeader));
    }

    public void AddMember(string name, ReadOnlySpan<byte> data, long mtime, int mode = 0b110_100_100)
    {
        if (name.Length is 0 or > 15 || name.Any(c => c is < '!' or > '~' || c == '/'))
        {
            throw new ArgumentException($"ar member name '{name}' must be 1 to 15 printable characters without '/' or spaces", nameof(name));
        }

        var header = new StringBuilder(60)
            .Append(Field(name + "/", 16))
            .Append(Field(mtime.ToString(CultureInfo.InvariantCulture), 12))
            .Append(Field("0", 6))
            .Append(Field("0", 6))
            .Append(Field("100" + Convert.ToString(mode, 8).PadLeft(3, '0'), 8))
            .Append(Field(data.Length.ToString(CultureInfo.InvariantCulture), 10))
            .Append("`\n")
            .ToString();
        _output.Write(Encoding.ASCII.GetBytes(header));
        _output.Write(data);
        if (data.Length % 2 == 1)
        {
            _output.WriteByte((byte)'\n');
        }
    }

    private static string Field(string value, int width) =>
        value.Length <= width ? value.PadRight(width) : throw new ArgumentException($"ar header value '{value}' is wider than {width} characters");
}
