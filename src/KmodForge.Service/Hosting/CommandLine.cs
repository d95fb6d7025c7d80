using KmodForge.Configuration;

namespace KmodForge.Service.Hosting;

/// <summary>The service's help text: its own settings and the GitHub settings it shares with the library.</summary>
public static class CommandLine
{
    /// <summary>The --help text: every setting, its argument and environment variable, secrets marked.</summary>
    public static string Help()
    {
        var lines = new List<string>
        {
            "KmodForge build service: POST /build, GET /status/{id}, GET /healthz.",
            "Usage: KmodForge.Service [--urls=http://127.0.0.1:8080] [--setting=value ...]",
            "Every setting is also read from its KMODFORGE_* environment variable (the argument wins).",
            string.Empty,
        };
        foreach (var (property, setting) in SettingsBinder.Describe(typeof(ServiceSettings)).Concat(SettingsBinder.Describe(typeof(GitHub.GitHubSettings))).DistinctBy(s => s.Setting.Name))
        {
            var secret = setting.Secret ? " (secret)" : string.Empty;
            lines.Add($"  --{setting.Name} / {setting.EnvironmentVariable}{secret}");
            lines.Add($"      {setting.Description} [default: {Default(property, setting)}]");
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static string Default(System.Reflection.PropertyInfo property, Configuration.SettingAttribute setting)
    {
        var owner = property.DeclaringType == typeof(ServiceSettings) ? (object)new ServiceSettings() : new GitHub.GitHubSettings();
        return setting.Secret ? "none" : property.GetValue(owner) switch
        {
            null => "none",
            TimeSpan t => $"{t.TotalSeconds:0.###} s",
            IEnumerable<string> list => list.Any() ? string.Join(",", list) : "none",
            bool b => b ? "true" : "false",
            Enum e => e.ToString().ToLowerInvariant(),
            var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "none",
        };
    }
}
