using System.Text;
using System.Text.RegularExpressions;
using KmodForge.Errors;

namespace KmodForge.Dkms;

/// <summary>A dkms.conf that is not usable: its own errors (as dkms prints them) or values KmodForge does not accept.</summary>
public sealed class DkmsConfException(string message) : KmodForgeException(message);

/// <summary>One module record of a dkms.conf, resolved as dkms's read_conf resolves it.</summary>
/// <param name="BuiltName">BUILT_MODULE_NAME (without .ko).</param>
/// <param name="BuiltLocation">BUILT_MODULE_LOCATION, relative to the build directory, empty or ending in '/'.</param>
/// <param name="DestName">DEST_MODULE_NAME (defaults to the built name): the installed file is &lt;DestName&gt;.ko.</param>
/// <param name="DestLocation">DEST_MODULE_LOCATION as written (<c>/kernel/…</c>, <c>/updates/…</c> or <c>/extra/…</c>).</param>
/// <param name="Strip">STRIP: whether <c>strip -g</c> runs on the module.</param>
public sealed record DkmsModule(string BuiltName, string BuiltLocation, string DestName, string DestLocation, bool Strip)
{
    /// <summary>The built file, relative to the build directory (<c>src/lib/lttng-lib-ring-buffer.ko</c>).</summary>
    public string BuiltPath => BuiltLocation + BuiltName + ".ko";
}

/// <summary>
/// A dkms.conf as evaluated for one kernel by <see cref="DkmsConfScript"/>: what to build, how, what it produces, and
/// whether BUILD_EXCLUSIVE_* excludes the kernel (<see cref="Exclusions"/>, each reason in words a user can check).
/// </summary>
public sealed partial record DkmsConf(
    string PackageName,
    string PackageVersion,
    string MakeCommand,
    IReadOnlyList<string> Patches,
    string PreBuild,
    string PostBuild,
    IReadOnlyList<DkmsModule> Modules,
    IReadOnlyList<string> Exclusions)
{
    private const string Prefix = "kmodforge-dkms ";

    /// <summary>Reads the script's output, validating every value that later reaches a path or the build script.</summary>
    public static DkmsConf Parse(string output)
    {
        var values = new Dictionary<(string Key, int Index), string>();
        var ended = false;
        foreach (var line in output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var parts = line[Prefix.Length..].Split(' ');
            if (parts.Length is < 2 or > 3 || !KeyShape().IsMatch(parts[0]) || !int.TryParse(parts[1], out var index) || index is < 0 or > 10_000)
            {
                throw new DkmsConfException($"the dkms.conf evaluation printed a malformed line {Printable.Quote(line)}");
            }

            string value;
            try
            {
                value = parts.Length == 3 ? Encoding.UTF8.GetString(Convert.FromBase64String(parts[2])) : string.Empty;
            }
            catch (FormatException)
            {
                throw new DkmsConfException($"the dkms.conf evaluation printed a value that is not base64 in {Printable.Quote(line)}");
            }

            ended |= parts[0] == "end";
            values[(parts[0], index)] = value;
        }

        if (!ended)
        {
            throw new DkmsConfException("the dkms.conf evaluation did not finish (no end marker): the file failed when sourced with bash; its output is above");
        }

        var errors = All(values, "error");
        if (errors.Count > 0)
        {
            throw new DkmsConfException("dkms.conf: " + string.Join("; ", errors.Select(e => "Error! " + e)));
        }

        var count = int.Parse(values[("end", 0)], System.Globalization.CultureInfo.InvariantCulture);
        var modules = Enumerable.Range(0, count).Select(i => Module(values, i)).ToList();
        RequireDistinct(modules.Select(m => m.BuiltPath), "BUILT_MODULE_NAME");
        RequireDistinct(modules.Select(m => m.DestName), "DEST_MODULE_NAME");
        var patches = All(values, "patch");
        foreach (var patch in patches)
        {
            Require("PATCH", patch, RelativePath().IsMatch(patch) && !patch.Split('/').Contains(".."), "a file name under patches/ (letters, digits, / . _ + ~ -, no '..')");
        }

        return new DkmsConf(
            Require("PACKAGE_NAME", Get(values, "package_name", 0), NameShape().IsMatch(Get(values, "package_name", 0)), "letters, digits and . _ + -"),
            Require("PACKAGE_VERSION", Get(values, "package_version", 0), NameShape().IsMatch(Get(values, "package_version", 0)), "letters, digits and . _ + ~ -"),
            RequireLine("MAKE", Get(values, "make", 0)),
            patches,
            RequireLine("PRE_BUILD", Get(values, "pre_build", 0)),
            RequireLine("POST_BUILD", Get(values, "post_build", 0)),
            modules,
            All(values, "exclude"));
    }

    private static DkmsModule Module(Dictionary<(string, int), string> values, int i)
    {
        var name = Get(values, "built_module_name", i);
        var location = Get(values, "built_module_location", i);
        var destName = Get(values, "dest_module_name", i);
        var destLocation = Get(values, "dest_module_location", i);
        Require($"BUILT_MODULE_NAME[{i}]", name, ModuleName().IsMatch(name), "a module name (letters, digits, '_' and '-'), without .ko");
        Require($"DEST_MODULE_NAME[{i}]", destName, ModuleName().IsMatch(destName), "a module name (letters, digits, '_' and '-'), without .ko");
        Require($"BUILT_MODULE_LOCATION[{i}]", location,
            location.Length == 0 || (RelativePath().IsMatch(location.TrimEnd('/')) && !location.Split('/').Contains("..")), "a directory relative to the source (no '..')");
        Require($"DEST_MODULE_LOCATION[{i}]", destLocation,
            RelativePath().IsMatch(destLocation.Trim('/')) && !destLocation.Split('/').Contains(".."), "a path such as /extra, /updates/dkms or /kernel/drivers/net");
        return new DkmsModule(name, location, destName, destLocation, Get(values, "strip", i) != "no");
    }

    private static string Get(Dictionary<(string, int), string> values, string key, int index) =>
        values.TryGetValue((key, index), out var value) ? value : string.Empty;

    private static List<string> All(Dictionary<(string Key, int Index), string> values, string key) =>
        [.. values.Where(v => v.Key.Key == key).OrderBy(v => v.Key.Index).Select(v => v.Value)];

    private static string Require(string field, string value, bool ok, string accepted) =>
        ok ? value : throw new DkmsConfException($"dkms.conf {field} {Printable.Quote(value)} is not accepted: expected {accepted}");

    private static string RequireLine(string field, string value) =>
        Require(field, value, !value.Contains('\n', StringComparison.Ordinal) && !value.Contains('\0', StringComparison.Ordinal), "one line");

    private static void RequireDistinct(IEnumerable<string> names, string field)
    {
        if (names.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new DkmsConfException($"dkms.conf: Error! Duplicate module {Printable.Quote(duplicate.Key)} in '{field}'.");
        }
    }

    [GeneratedRegex("^[a-z_]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyShape();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._+~-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,56}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModuleName();

    [GeneratedRegex(@"^[A-Za-z0-9._+~-]+(?:/[A-Za-z0-9._+~-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RelativePath();
}
