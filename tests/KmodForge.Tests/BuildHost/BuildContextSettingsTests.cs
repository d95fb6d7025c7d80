using KmodForge.Errors;

namespace KmodForge.Tests.BuildHost;

public sealed class BuildContextSettingsTests
{
    [Fact]
    public void Argument_beats_environment_variable()
    {
        var host = new HostHarness();
        host.Environment["KMODFORGE_TEST_DISTRO"] = "ubuntu";

        var exit = host.Run("--target", "ReadSettings", "--test-distro=fedora");

        Assert.Equal(0, exit);
        Assert.Contains("distro=fedora", host.Journal.Entries);
    }

    [Fact]
    public void Environment_variable_is_used_when_there_is_no_argument()
    {
        var host = new HostHarness();
        host.Environment["KMODFORGE_TEST_DISTRO"] = "ubuntu";
        host.Environment["KMODFORGE_TEST_JOBS"] = "8";

        var exit = host.Run("--target", "ReadSettings");

        Assert.Equal(0, exit);
        Assert.Contains("distro=ubuntu", host.Journal.Entries);
        Assert.Contains("jobs=8", host.Journal.Entries);
        Assert.Contains("same=True", host.Journal.Entries);
    }

    [Fact]
    public void Empty_environment_variable_counts_as_unset()
    {
        var host = new HostHarness();
        host.Environment["KMODFORGE_TEST_DISTRO"] = string.Empty;

        var exit = host.Run("--target", "ReadSettings");

        Assert.Equal(0, exit);
        Assert.Contains("distro=debian", host.Journal.Entries);
    }

    [Fact]
    public void Bad_value_fails_with_a_message_naming_the_setting()
    {
        var host = new HostHarness();

        var exit = host.Run("--target", "ReadSettings", "--test-jobs", "many");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("Error: Invalid setting --test-jobs / KMODFORGE_TEST_JOBS: 'many' is not a whole number", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_setting_values_are_registered_for_masking()
    {
        var host = new HostHarness();
        host.Environment["KMODFORGE_TEST_TOKEN"] = "s3cr3t-value";

        var exit = host.Run("--target", "ReadSettings");

        Assert.Equal(0, exit);
        Assert.Contains("masked=token ***", host.Journal.Entries);
    }
}
