using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using KmodForge.Errors;

namespace KmodForge.Configuration;

/// <summary>
/// Fills a settings object from arguments and environment variables, by its <see cref="SettingAttribute"/> properties.
/// Settings objects are plain classes with init-able properties and defaults; a bad value is an error that names the
/// setting, the value and what is accepted.
/// </summary>
public static class SettingsBinder
{
    /// <summary>What binding reads of a settings type by reflection, kept by trimming and NativeAOT (the loader's binary).</summary>
    public const DynamicallyAccessedMemberTypes Members = DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    /// <summary>
    /// Binds <typeparamref name="T"/>. <paramref name="argument"/> and <paramref name="environment"/> return null when
    /// unset. An empty environment variable counts as unset: a workflow's <c>${{ vars.X }}</c> of an undefined variable
    /// is the empty string, and must mean "the default", not "empty" (or "true" for a flag).
    /// </summary>
    public static T Bind<[DynamicallyAccessedMembers(Members)] T>(Func<string, string?> argument, Func<string, string?> environment) where T : new()
    {
        var settings = new T();
        string? Environment(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var errors = new List<string>();
        foreach (var (property, setting) in Describe(typeof(T)))
        {
            if (setting.EnvironmentOnly && argument(setting.Name) is not null)
            {
                errors.Add($"--{setting.Name}: (secret) is never taken from an argument (ps and shell history show arguments); set {setting.EnvironmentVariable} from a secret store instead");
                continue;
            }

            var raw = (setting.EnvironmentOnly ? null : argument(setting.Name)) ?? Environment(setting.EnvironmentVariable)
                ?? setting.AlsoFromEnvironment.Select(Environment).FirstOrDefault(v => v is not null);
            if (raw is null)
            {
                continue;
            }

            try
            {
                SetValue(settings, property, Convert(raw, property.PropertyType));
            }
            catch (FormatException e)
            {
                var shown = setting.Secret ? "(secret)" : $"'{raw}'";
                errors.Add($"--{setting.Name} / {setting.EnvironmentVariable}: {shown} {e.Message}");
            }
        }

        if (errors.Count > 0)
        {
            throw new SettingsException(errors);
        }

        return settings;
    }

    /// <summary>Sets a property; a setter that rejects the value (a <see cref="FormatException"/>) is reported like a bad conversion.</summary>
    private static void SetValue(object settings, PropertyInfo property, object? value)
    {
        try
        {
            property.SetValue(settings, value);
        }
        catch (TargetInvocationException e) when (e.InnerException is FormatException format)
        {
            ExceptionDispatchInfo.Throw(format);
        }
    }

    /// <summary>Every bindable property of a settings type with its attribute, for binding and for help text.</summary>
    public static IEnumerable<(PropertyInfo Property, SettingAttribute Setting)> Describe([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p, p.GetCustomAttribute<SettingAttribute>()))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.p, x.Item2!));

    private static object? Convert(string raw, Type type)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (target == typeof(string))
        {
            return raw;
        }

        if (target == typeof(bool))
        {
            return raw.Trim().ToLowerInvariant() switch
            {
                "" or "true" or "1" or "yes" or "on" => true,
                "false" or "0" or "no" or "off" => false,
                _ => throw new FormatException("is not a boolean; accepted: true, false, 1, 0, yes, no"),
            };
        }

        if (target == typeof(int))
        {
            return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
                ? i : throw new FormatException("is not a whole number");
        }

        if (target == typeof(TimeSpan))
        {
            return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
                ? TimeSpan.FromSeconds(s) : throw new FormatException("is not a duration in seconds");
        }

        if (target.IsEnum)
        {
            var names = Enum.GetNames(target);
            var match = names.FirstOrDefault(n => string.Equals(n, raw.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            return match is not null
                ? Enum.Parse(target, match)
                : throw new FormatException($"is not accepted; accepted: {string.Join(", ", names.Select(n => n.ToLowerInvariant()))}");
        }

        if (target == typeof(IReadOnlyList<string>) || target == typeof(string[]))
        {
            return raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        throw new NotSupportedException($"Settings of type {type.Name} are not supported.");
    }
}

/// <summary>One or more settings had values that could not be used.</summary>
public sealed class SettingsException(IReadOnlyList<string> errors)
    : InvalidInputException(errors.Count == 1
        ? "Invalid setting " + errors[0]
        : "Invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
