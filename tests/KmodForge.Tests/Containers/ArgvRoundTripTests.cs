using KmodForge.Containers.Tooling;

namespace KmodForge.Tests.Containers;

public sealed class ArgvRoundTripTests
{
    [Fact]
    public async Task Values_with_spaces_quotes_backslashes_and_shell_syntax_reach_the_process_as_one_argument_each()
    {
        string[] values = ["a b", "c\"d", "$(id); echo pwned", "", "x\\\"y", "trailing\\", "tab\there", "'single'", "sed 's/^X=\"\\([^ \"]*\\).*/\\1/p'", "two\nlines"];
        var arguments = new CommandArguments().Arg("%s|\\n");
        foreach (var value in values)
        {
            arguments.Arg(value);
        }

        var result = await new HostCommand("printf")
            .ExecuteAsync(new CommandSettings(), arguments, null, CancellationToken.None);

        Assert.Equal(string.Concat(values.Select(v => v + "|\n")), result.StandardOutput);
    }

    [Fact]
    public async Task A_timed_out_host_command_is_killed_and_reported_with_its_command_line()
    {
        var arguments = new CommandArguments().Arg("30");

        var e = await Assert.ThrowsAsync<HostCommandException>(() => new HostCommand("sleep")
            .ExecuteAsync(new CommandSettings(), arguments, new CommandOptions { Timeout = TimeSpan.FromMilliseconds(200) }, CancellationToken.None));

        Assert.Contains("`sleep 30` did not finish within", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_host_command_is_killed()
    {
        using var cts = new CancellationTokenSource();
        var running = new HostCommand("sleep")
            .ExecuteAsync(new CommandSettings(), new CommandArguments().Arg("30"), null, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }
}
