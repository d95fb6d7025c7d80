using Cake.Frosting;
using KmodForge.Configuration;
using KmodForge.Targets;

namespace KmodForge.Build.Host;

/// <summary>
/// The <c>--help</c> section that lists every registered settings class's settings with their environment variables
/// (<c>{distributions}</c> in a description is the registry's list, so a new distribution appears without an edit here).
/// </summary>
internal sealed class SettingsHelp(IEnumerable<SettingsRegistration> settings) : IHelpSection
{
    public string Title => "Settings (an argument wins over its environment variable):";

    /// <summary>
    /// One row per setting name: several settings classes read the same setting (<c>driver-name</c> is the driver build's,
    /// the matrix's and the service's), and it is one setting to the user, listed where it first appears.
    /// </summary>
    public IEnumerable<(string Option, string Text)> Rows()
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        return settings.Select(r => r.Type).Distinct().SelectMany(t => SettingRows(t, listed));
    }

    private static IEnumerable<(string, string)> SettingRows(Type type, HashSet<string> listed)
    {
        var defaults = Activator.CreateInstance(type);
        foreach (var (property, setting) in SettingsBinder.Describe(type))
        {
            if (!listed.Add(setting.Name))
            {
                continue;
            }

            var environment = string.Join(", ", new[] { setting.EnvironmentVariable }.Concat(setting.AlsoFromEnvironment));
            var value = setting.Secret ? "<secret>" : "<" + ValueKind(property.PropertyType) + ">";
            var shownDefault = setting.Secret ? null : Shown(property.GetValue(defaults));
            var text = setting.Description.Replace("{distributions}", string.Join(", ", DistroRegistry.All.Select(d => d.Id)), StringComparison.Ordinal)
                + (setting.Secret ? " (secret, never printed)" : string.Empty)
                + (shownDefault is null ? string.Empty : $" (default: {shownDefault})");
            yield return ($"--{setting.Name}={value}", $"{text}{Environment.NewLine}env {environment}");
        }
    }

    private static string ValueKind(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsEnum ? string.Join("|", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))
            : t == typeof(bool) ? "true|false"
            : t == typeof(int) ? "number"
            : t == typeof(TimeSpan) ? "seconds"
            : t == typeof(string[]) || t == typeof(IReadOnlyList<string>) ? "a,b,..."
            : "value";
    }

    private static string? Shown(object? value) => value switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        TimeSpan span => span.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " s",
        Enum e => e.ToString().ToLowerInvariant(),
        bool b => b ? "true" : null,
        IEnumerable<string> list => list.Any() ? string.Join(",", list) : null,
        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
    };
}
