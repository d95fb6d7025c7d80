namespace KmodForge.Containers.Tooling;

/// <summary>What every command run shares: a default time limit and environment variables added to the process's own.</summary>
public class CommandSettings
{
    /// <summary>Kill the command after this long unless the call sets its own limit; null: no limit.</summary>
    public TimeSpan? ToolTimeout { get; set; }

    /// <summary>Added to the process's environment (secrets travel here, never on the command line).</summary>
    public IDictionary<string, string> EnvironmentVariables { get; set; } = new Dictionary<string, string>();
}
