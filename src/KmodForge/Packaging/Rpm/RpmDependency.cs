using System.Text.RegularExpressions;
using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Packaging.Rpm;

/// <summary>One RPM dependency (require or provide): name, comparison flags and version.</summary>
internal sealed partial record RpmDependency(string Name, RpmSense Flags, string Version)
{
    /// <summary>
    /// Parses the RPM spec syntax <c>name</c> or <c>name OP version</c> (OP one of <c>&lt; &lt;= = &gt;= &gt;</c>), e.g.
    /// <c>kernel-uname-r = 6.12.0-55.el10.x86_64</c>. Rich (boolean) dependencies and Debian syntax are refused.
    /// </summary>
    public static RpmDependency Parse(string field, string value)
    {
        var match = Shape().Match(value);
        if (!match.Success)
        {
            throw new ArgumentException(
                $"{field}: {Printable.Quote(value)} is not an RPM dependency; expected 'name' or 'name OP version' with OP one of < <= = >= > (names use letters, digits and ._+-()/:, no rich or Debian syntax)");
        }

        var flags = match.Groups["op"].Value switch
        {
            "" => RpmSense.Any,
            "<" => RpmSense.Less,
            "<=" => RpmSense.Less | RpmSense.Equal,
            "=" or "==" => RpmSense.Equal,
            ">=" => RpmSense.Greater | RpmSense.Equal,
            _ => RpmSense.Greater,
        };
        return new RpmDependency(match.Groups["name"].Value, flags, match.Groups["version"].Value);
    }

    [GeneratedRegex(@"^\s*(?<name>[A-Za-z0-9_/][A-Za-z0-9._+\-()/:]*)\s*(?:(?<op><=|>=|==|=|<|>)\s*(?<version>[A-Za-z0-9._+~^:\-]+))?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
