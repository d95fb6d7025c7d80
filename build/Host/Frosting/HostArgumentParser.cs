using Cake.Core.Diagnostics;

namespace Cake.Frosting;

/// <summary>
/// Parses <c>--name=value</c>, <c>--name value</c> and bare <c>--flag</c> arguments. The host's own options are taken
/// out (with Cake.Frosting's aliases); everything else becomes a Cake argument (a bare flag has the value "true").
/// <c>--name value</c> takes the next token only when it does not start with <c>-</c>; write <c>--offset=-1</c>.
/// </summary>
internal static class HostArgumentParser
{
    private static readonly string[] Flags = ["dryrun", "noop", "whatif", "tree", "showtree", "description", "descriptions", "showdescription", "showdescriptions", "exclusive", "e", "help", "h", "?"];

    public static HostOptions Parse(IReadOnlyList<string> args)
    {
        var targets = new List<string>();
        var verbosity = Verbosity.Normal;
        var flags = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rest = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg.TrimStart('-').Length == 0)
            {
                throw new FrostingException($"Unexpected argument {Quote(arg)}: arguments are --name=value, --name value or --flag (see --help).");
            }

            var body = arg.TrimStart('-');
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            var isFlag = Flags.Contains(name, StringComparer.OrdinalIgnoreCase);
            string? value = eq >= 0 ? body[(eq + 1)..] : null;
            if (value is null && !isFlag && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
            {
                value = args[++i];
            }

            switch (name.ToLowerInvariant())
            {
                case "target" or "t":
                    targets.Add(Required(name, value));
                    break;
                case "verbosity" or "v":
                    verbosity = ParseVerbosity(Required(name, value));
                    break;
                case var _ when isFlag:
                    if (value is null || ParseSwitch(name, value))
                    {
                        flags.Add(Canonical(name));
                    }

                    break;
                default:
                    rest.Add(KeyValuePair.Create(name, value ?? "true"));
                    break;
            }
        }

        var mode = flags.Contains("help") ? HostMode.Help
            : flags.Contains("dryrun") ? HostMode.DryRun
            : flags.Contains("tree") ? HostMode.Tree
            : flags.Contains("description") ? HostMode.Description
            : HostMode.Run;
        var given = targets.Count > 0;
        return new HostOptions(given ? targets : [HostOptions.DefaultTarget], given, verbosity, mode, flags.Contains("exclusive"), rest);
    }

    private static string Canonical(string flag) => flag.ToLowerInvariant() switch
    {
        "noop" or "whatif" => "dryrun",
        "showtree" => "tree",
        "descriptions" or "showdescription" or "showdescriptions" => "description",
        "e" => "exclusive",
        "h" or "?" => "help",
        var other => other,
    };

    private static string Required(string name, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FrostingException($"--{name} needs a value (see --help).") : value;

    private static bool ParseSwitch(string name, string value) => value.ToLowerInvariant() switch
    {
        "" or "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw new FrostingException($"--{name}: {Quote(value)} is not accepted; accepted: true, false."),
    };

    private static Verbosity ParseVerbosity(string value) => value.ToLowerInvariant() switch
    {
        "q" or "quiet" => Verbosity.Quiet,
        "m" or "minimal" => Verbosity.Minimal,
        "n" or "normal" => Verbosity.Normal,
        "v" or "verbose" => Verbosity.Verbose,
        "d" or "diag" or "diagnostic" => Verbosity.Diagnostic,
        _ => throw new FrostingException($"--verbosity: {Quote(value)} is not accepted; accepted: quiet, minimal, normal, verbose, diagnostic."),
    };

    /// <summary>An echoed argument, quoted, control characters escaped, cut at 80 characters.</summary>
    private static string Quote(string value) =>
        "'" + string.Concat(value.Take(80).Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString())) + (value.Length > 80 ? "'..." : "'");
}
