using Cake.Core;
using Cake.Core.IO;

namespace KmodForge.Tests.BuildHost;

/// <summary>The real Cake environment, with some variables set (or hidden) for one host run.</summary>
public sealed class OverlayEnvironment(ICakeEnvironment inner, IReadOnlyDictionary<string, string?> variables) : ICakeEnvironment
{
    public DirectoryPath WorkingDirectory { get => inner.WorkingDirectory; set => inner.WorkingDirectory = value; }

    public DirectoryPath UserHomeDirectory => inner.UserHomeDirectory;

    public DirectoryPath ApplicationRoot => inner.ApplicationRoot;

    public ICakePlatform Platform => inner.Platform;

    public ICakeRuntime Runtime => inner.Runtime;

    public DirectoryPath GetSpecialPath(SpecialPath path) => inner.GetSpecialPath(path);

    public string? GetEnvironmentVariable(string variable) =>
        variables.TryGetValue(variable, out var value) ? value : inner.GetEnvironmentVariable(variable);

    public IDictionary<string, string> GetEnvironmentVariables()
    {
        var all = new Dictionary<string, string>(inner.GetEnvironmentVariables(), StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            if (value is null)
            {
                all.Remove(name);
            }
            else
            {
                all[name] = value;
            }
        }

        return all;
    }
}
