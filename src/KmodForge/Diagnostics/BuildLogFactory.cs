namespace KmodForge.Diagnostics;

/// <summary>Chooses the build log for where the build runs: GitHub Actions (<c>GITHUB_ACTIONS=true</c>) or a console.</summary>
public static class BuildLogFactory
{
    /// <summary>
    /// The log for this process. <paramref name="output"/> defaults to standard output; on a terminal (not
    /// redirected) progress is redrawn in place and colours are used unless <c>NO_COLOR</c> is set.
    /// </summary>
    public static IBuildLog Create(BuildLogOptions options, Func<string, string?> environment, TextWriter? output = null)
    {
        if (IsGitHubActions(environment))
        {
            return new GitHubActionsBuildLog(output ?? Console.Out, options);
        }

        var terminal = output is null && !Console.IsOutputRedirected && environment("TERM") is not "dumb";
        return new ConsoleBuildLog(output ?? Console.Out, options, terminal, color: terminal && string.IsNullOrEmpty(environment("NO_COLOR")));
    }

    public static bool IsGitHubActions(Func<string, string?> environment) =>
        string.Equals(environment("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);
}
