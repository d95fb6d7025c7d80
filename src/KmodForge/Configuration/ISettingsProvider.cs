using System.Diagnostics.CodeAnalysis;
namespace KmodForge.Configuration;

/// <summary>Hands out bound settings objects (the Cake context, the service and the loader each implement it).</summary>
public interface ISettingsProvider
{
    T Get<[DynamicallyAccessedMembers(SettingsBinder.Members)] T>() where T : new();
}

/// <summary>
/// Settings from a set of <c>--name=value</c> arguments and the process environment, bound once per type.
/// </summary>
public sealed class ArgumentSettingsProvider(IReadOnlyDictionary<string, string?> arguments, Func<string, string?>? environment = null) : ISettingsProvider
{
    private readonly Dictionary<Type, object> cache = [];
    private readonly Func<string, string?> environment = environment ?? Environment.GetEnvironmentVariable;

    /// <summary>Parses <c>--name=value</c>, <c>--name value</c> and bare <c>--flag</c> arguments.</summary>
    public static ArgumentSettingsProvider FromArgs(IEnumerable<string> args, Func<string, string?>? environment = null)
    {
        var parsed = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }

            var body = list[i][2..];
            var eq = body.IndexOf('=');
            if (eq >= 0)
            {
                parsed[body[..eq]] = body[(eq + 1)..];
            }
            else if (i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                parsed[body] = list[++i];
            }
            else
            {
                parsed[body] = "true";
            }
        }

        return new ArgumentSettingsProvider(parsed, environment);
    }

    public T Get<[DynamicallyAccessedMembers(SettingsBinder.Members)] T>() where T : new()
    {
        lock (cache)
        {
            if (cache.TryGetValue(typeof(T), out var cached))
            {
                return (T)cached;
            }

            var settings = SettingsBinder.Bind<T>(name => arguments.TryGetValue(name, out var v) ? v : null, environment);
            cache[typeof(T)] = settings!;
            return settings;
        }
    }
}
