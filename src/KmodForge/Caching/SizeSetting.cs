using System.Globalization;
using System.Text.RegularExpressions;

namespace KmodForge.Caching;

/// <summary>Sizes as settings write them: <c>20GiB</c>, <c>512MiB</c>, <c>1.5G</c>, <c>300M</c>, or plain bytes.</summary>
public static partial class SizeSetting
{
    public const string Accepted = "a size such as 20GiB, 512MiB, 1.5G or a number of bytes";

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = text is null ? Match.Empty : Shape().Match(text.Trim());
        if (!match.Success || !double.TryParse(match.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var unit = match.Groups["u"].Value.ToUpperInvariant().TrimEnd('B').TrimEnd('I');
        var scale = unit switch { "" => 1L, "K" => 1L << 10, "M" => 1L << 20, "G" => 1L << 30, "T" => 1L << 40, _ => 0L };
        if (scale == 0 || number * scale > long.MaxValue)
        {
            return false;
        }

        bytes = (long)(number * scale);
        return true;
    }

    [GeneratedRegex(@"^(?<n>[0-9]+(?:\.[0-9]+)?)\s*(?<u>(?:[KMGT](?:i?B)?)|B)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Shape();
}
