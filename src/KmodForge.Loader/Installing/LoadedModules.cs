namespace KmodForge.Loader.Installing;

/// <summary>The modules the running kernel has loaded (/proc/modules) and their versions (/sys/module/&lt;name&gt;/version).</summary>
public sealed class LoadedModules(string procModules, string sysModule)
{
    /// <summary>The version of a loaded module (empty when it has none), or null when it is not loaded.</summary>
    public string? VersionOf(string moduleName)
    {
        if (!File.Exists(procModules))
        {
            return null;
        }

        var name = moduleName.Replace('-', '_');
        var loaded = File.ReadLines(procModules).Any(l => l.Split(' ', 2)[0] == name);
        if (!loaded)
        {
            return null;
        }

        var versionFile = Path.Combine(sysModule, name, "version");
        return File.Exists(versionFile) ? File.ReadAllText(versionFile).Trim() : string.Empty;
    }
}
