using KmodForge.Errors;

namespace KmodForge.Tests.BuildHost;

public sealed class CakeHostTests
{
    [Fact]
    public void Runs_dependencies_first_and_each_task_once()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "Package");

        Assert.Equal(0, exit);
        var ran = host.Journal.Entries;
        Assert.Equal(["Clean", "Compile", "Lint", "Package"], ran.Order(StringComparer.Ordinal));
        Assert.True(ran.ToList().IndexOf("Clean") < ran.ToList().IndexOf("Compile"));
        Assert.Equal("Package", ran[^1]);
        Assert.Contains("Package", host.Output, StringComparison.Ordinal); // Cake's task/duration report
        Assert.Contains("Total:", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exclusive_runs_only_the_target()
    {
        var host = new HostHarness();

        var exit = host.Run("--target=Package", "--exclusive");

        Assert.Equal(0, exit);
        Assert.Equal(["Package"], host.Journal.Entries);
    }

    [Fact]
    public void Dry_run_reports_the_tasks_without_running_them()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "Package", "--dryrun");

        Assert.Equal(0, exit);
        Assert.Empty(host.Journal.Entries);
        foreach (var task in new[] { "Clean", "Compile", "Lint", "Package" })
        {
            Assert.Contains(task, host.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dry_run_of_the_real_driver_build_walks_every_phase_without_resolving_anything()
    {
        // Criteria are evaluated in a dry run although no task runs: they must not need the resolved target.
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run("--target=Driver", "--dryrun", "--distribution=debian", "--distro-version=13", "--kernel-release=latest", "--driver-version=v0.2.0");

        Assert.True(exit == 0, host.Output + host.Error);
        foreach (var task in new[] { "ResolveTarget", "CheckPublished", "BaseImage", "Headers", "Compile", "Sign", "Verify", "Package", "Publish", "Driver" })
        {
            Assert.Contains(task, host.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_driver_phase_run_exclusively_fails_with_one_message_saying_to_drop_exclusive()
    {
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run("--target=Headers", "--exclusive", "--distribution=debian", "--distro-version=12", "--kernel-release=6.1.0-28-amd64", "--driver-version=v0.2.0");

        Assert.NotEqual(0, exit);
        Assert.Contains("cannot run with --exclusive", host.Error + host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", host.Error + host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error + host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Tree_prints_the_dependency_graph_without_running_tasks()
    {
        var host = new HostHarness();

        var exit = host.Run("--tree");

        Assert.Equal(0, exit);
        Assert.Empty(host.Journal.Entries);
        var lines = host.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var package = lines.IndexOf("Package");
        Assert.True(package >= 0, host.Output);
        Assert.Contains(lines.Skip(package + 1).TakeWhile(l => l.Length > 0), l => l.EndsWith("─Compile", StringComparison.Ordinal));
    }

    [Fact]
    public void Description_prints_each_task_with_its_description()
    {
        var host = new HostHarness();

        var exit = host.Run("--description");

        Assert.Equal(0, exit);
        Assert.Empty(host.Journal.Entries);
        Assert.Matches(@"Package\s+Packages the test build", host.Output);
    }

    [Fact]
    public void Unknown_target_fails_with_a_message_listing_the_tasks()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "Nope");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("There is no task named 'Nope'", host.Error, StringComparison.Ordinal);
        Assert.Contains("Package", host.Error, StringComparison.Ordinal);
        Assert.Empty(host.Journal.Entries);
    }

    [Fact]
    public void Expected_failure_prints_one_message_without_a_stack_trace()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "FailExpected");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("Error: Invalid build target:", host.Error, StringComparison.Ordinal);
        Assert.Contains("distro: 'plan9' is not a known distribution", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error + host.Output, StringComparison.Ordinal);
        Assert.Equal(["OnError:TargetValidationException", "Finally"], host.Journal.Entries);
    }

    [Fact]
    public void Unexpected_failure_prints_the_stack_trace()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "FailBug");

        Assert.Equal(ExitCodes.Bug, exit);
        Assert.Contains("a bug in a task", host.Error, StringComparison.Ordinal);
        Assert.Contains("at KmodForge.Tests.BuildHost.FailBugTask.Run", host.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Continue_on_error_keeps_going_and_a_false_criteria_skips_a_dependency()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "AfterFlaky");

        Assert.Equal(0, exit);
        Assert.Equal(["Flaky", "AfterFlaky"], host.Journal.Entries);
    }

    [Fact]
    public void Unrecognised_arguments_reach_the_build_as_cake_arguments()
    {
        var host = new HostHarness();

        var exit = host.Run("--custom=a=b", "--flag", "-t", "EchoArguments", "--spaced", "value", "--ask");

        Assert.Equal(0, exit);
        Assert.Equal(["custom=a=b", "flag=true", "spaced=value", "target=EchoArguments"], host.Journal.Entries);
    }

    [Fact]
    public void Setup_and_teardown_run_around_the_tasks_also_when_one_fails()
    {
        var host = new HostHarness { WithLifetime = true };

        var exit = host.Run("--target", "FailExpected");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Equal("Setup:FailExpected", host.Journal.Entries[0]);
        Assert.Equal("Teardown:False", host.Journal.Entries[^1]);
    }

    [Fact]
    public void Task_setup_and_teardown_run_around_each_task()
    {
        var host = new HostHarness { WithLifetime = true };

        var exit = host.Run("--target", "Compile");

        Assert.Equal(0, exit);
        Assert.Equal(["Setup:Compile", "before Clean", "Clean", "after Clean", "before Compile", "Compile", "after Compile", "Teardown:True"], host.Journal.Entries);
    }

    [Fact]
    public void Secrets_are_masked_in_cake_log_and_in_the_failure_message()
    {
        var host = new HostHarness();
        host.Environment["KMODFORGE_TEST_TOKEN"] = "tok-8f3a9c";

        var exit = host.Run("--target", "LeakSecret");

        Assert.Equal(1, exit);
        Assert.Contains("cake log sees ***", host.Output, StringComparison.Ordinal);
        Assert.Contains("Error: push to https://user:***@registry.example failed", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-8f3a9c", host.Output + host.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_options_tasks_and_settings_with_their_environment_variables()
    {
        var host = new HostHarness();
        host.Environment["KMODFORGE_TEST_TOKEN"] = "hunter2-secret";

        var exit = host.Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("--verbosity", host.Output, StringComparison.Ordinal);
        Assert.Matches(@"Package\s+Packages the test build", host.Output);
        Assert.Contains("--test-distro=<value>", host.Output, StringComparison.Ordinal);
        Assert.Contains("env KMODFORGE_TEST_DISTRO", host.Output, StringComparison.Ordinal);
        Assert.Contains("(default: debian)", host.Output, StringComparison.Ordinal);
        Assert.Contains("--test-token=<secret>", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", host.Output, StringComparison.Ordinal);
        Assert.Empty(host.Journal.Entries);
    }

    [Fact]
    public void Without_a_target_and_without_a_Default_task_help_is_printed()
    {
        var host = new HostHarness();

        var exit = host.Run();

        Assert.Equal(0, exit);
        Assert.StartsWith("Usage:", host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--verbosity=loud", "--verbosity: 'loud' is not accepted")]
    [InlineData("stray", "Unexpected argument 'stray'")]
    [InlineData("--target", "--target needs a value")]
    public void Bad_command_line_fails_with_a_message(string arg, string message)
    {
        var host = new HostHarness();

        var exit = host.Run(arg);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains(message, host.Error, StringComparison.Ordinal);
    }
}
