namespace KmodForge.Diagnostics;

/// <summary>
/// The log for GitHub Actions: each top-level phase is a collapsible <c>::group::</c>, warnings and errors are
/// annotations, progress is a plain line about every 10 s, and every secret is announced with <c>::add-mask::</c>
/// so the runner masks it everywhere in the job log. Plain output that would read as a workflow command is fenced
/// with <c>::stop-commands::</c>, so tool output cannot inject commands.
/// </summary>
public sealed class GitHubActionsBuildLog : TextBuildLog
{
    public GitHubActionsBuildLog(TextWriter output, BuildLogOptions options)
        : base(output, options, TimeSpan.FromSeconds(10))
    {
        lock (Gate)
        {
            foreach (var secret in options.Masker.Secrets)
            {
                AddMask(secret);
            }

            options.Masker.SecretAdded += OnSecretAdded;
        }
    }

    protected override void StartPhase(string name, int depth) =>
        Plain(depth == 0 ? WorkflowCommand.Format("group", name) : $"==> {name}", trusted: depth == 0);

    protected override void EndPhase(string name, int depth, TimeSpan elapsed)
    {
        Plain($"{(depth == 0 ? string.Empty : "<== ")}{name} done in {Seconds(elapsed)}", trusted: false);
        if (depth == 0)
        {
            Plain("::endgroup::", trusted: true);
        }
    }

    protected override void WriteLine(LogLineKind level, string message)
    {
        switch (level)
        {
            case LogLineKind.Warning:
                Plain(WorkflowCommand.Format("warning", message), trusted: true);
                break;
            case LogLineKind.Error:
                Plain(WorkflowCommand.Format("error", message), trusted: true);
                break;
            default:
                foreach (var line in message.Split('\n'))
                {
                    Plain(line.TrimEnd('\r'), trusted: false);
                }

                break;
        }
    }

    protected override void WriteProgress(ProgressReport report) => Plain(report.ToString(), trusted: false);

    private void OnSecretAdded(string secret)
    {
        lock (Gate)
        {
            AddMask(secret);
            Output.Flush();
        }
    }

    private void AddMask(string secret) => Output.WriteLine(WorkflowCommand.Format("add-mask", secret));

    private void Plain(string line, bool trusted)
    {
        if (trusted || !WorkflowCommand.LooksLikeCommand(line))
        {
            Output.WriteLine(line);
            return;
        }

        var token = Guid.NewGuid().ToString("N");
        Output.WriteLine($"::stop-commands::{token}");
        Output.WriteLine(line);
        Output.WriteLine($"::{token}::");
    }
}
