using KmodForge.Configuration;

namespace KmodForge.Tests.Configuration;

public sealed class SettingsTests
{
    private sealed class Sample
    {
        [Setting("kernel-release", "k")]
        public string? KernelRelease { get; init; }

        [Setting("retries", "r")]
        public int Retries { get; init; } = 3;

        [Setting("dry-run", "d")]
        public bool DryRun { get; init; }

        [Setting("timeout", "t")]
        public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

        [Setting("mode", "m")]
        public DayOfWeek Mode { get; init; } = DayOfWeek.Monday;

        [Setting("token", "secret", Secret = true, AlsoFromEnvironment = ["GITHUB_TOKEN"])]
        public string? Token { get; init; }
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void An_argument_wins_over_the_environment_and_the_environment_over_the_default()
    {
        var provider = ArgumentSettingsProvider.FromArgs(["--kernel-release=6.1.0-41-amd64", "--dry-run"],
            Env(("KMODFORGE_KERNEL_RELEASE", "ignored"), ("KMODFORGE_RETRIES", "7"), ("GITHUB_TOKEN", "t0k")));

        var settings = provider.Get<Sample>();

        Assert.Equal("6.1.0-41-amd64", settings.KernelRelease);
        Assert.Equal(7, settings.Retries);
        Assert.True(settings.DryRun);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Timeout);
        Assert.Equal("t0k", settings.Token);
    }

    [Fact]
    public void Space_separated_arguments_and_enum_names_are_understood()
    {
        var settings = ArgumentSettingsProvider.FromArgs(["--mode", "friday", "--timeout", "1.5"], Env()).Get<Sample>();

        Assert.Equal(DayOfWeek.Friday, settings.Mode);
        Assert.Equal(TimeSpan.FromSeconds(1.5), settings.Timeout);
    }

    [Fact]
    public void Bad_values_name_the_setting_the_value_and_what_is_accepted_but_never_a_secret()
    {
        var error = Assert.Throws<SettingsException>(() =>
            SettingsBinder.Bind<Sample>(name => name switch { "retries" => "many", "mode" => "someday", _ => null }, Env()));

        Assert.Contains("--retries / KMODFORGE_RETRIES: 'many' is not a whole number", error.Message, StringComparison.Ordinal);
        Assert.Contains("--mode / KMODFORGE_MODE: 'someday' is not accepted; accepted: sunday, monday", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, error.Errors.Count);
    }

    [Fact]
    public void Describe_lists_every_setting_with_its_environment_variable()
    {
        var described = SettingsBinder.Describe(typeof(Sample)).Select(d => d.Setting.EnvironmentVariable);

        Assert.Equal(["KMODFORGE_KERNEL_RELEASE", "KMODFORGE_RETRIES", "KMODFORGE_DRY_RUN", "KMODFORGE_TIMEOUT", "KMODFORGE_MODE", "KMODFORGE_TOKEN"], described);
    }
}
