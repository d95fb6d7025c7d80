using KmodForge.Tests.Support;
using KmodForge.Targets;

namespace KmodForge.Tests.BuildHost;

public sealed class HelpTests
{
    [Fact]
    public void Help_lists_the_distributions_of_the_registry()
    {
        var host = new HostHarness { RealBuildTasks = true };

        var exit = host.Run("--help");

        Assert.Equal(0, exit);
        Assert.Contains("Target distribution: " + string.Join(", ", DistroRegistry.All.Select(d => d.Id)) + ".", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("{distributions}", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_build_hosts_help_lists_every_setting_once()
    {
        // The real build host (build/Program.cs registers every settings class), built by the solution, as ./build.sh runs it.
        var host = Path.Combine(KmodForge.Tests.Kernels.RepoPaths.Root, "build", "bin", "Release", "net10.0", "KmodForge.Build.dll");
        var help = ProcessRunner.Run("dotnet", "exec", host, "--help").EnsureSuccess("KmodForge.Build --help").Output;

        var options = help.Split('\n').Select(l => l.TrimStart()).Where(l => l.StartsWith("--", StringComparison.Ordinal) && l.Contains('=', StringComparison.Ordinal))
            .Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]).ToList();
        Assert.Contains("--driver-name", options);
        Assert.Contains("--livepatch-repo", options);
        Assert.Empty(options.GroupBy(o => o).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Contains("(default: " + KmodForge.Headers.HeaderSourceSettings.DefaultLivepatchRepo + ")", help, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_several_settings_classes_read_has_one_default()
    {
        var types = new[] { typeof(KmodForge.Matrix.MatrixSettings).Assembly, typeof(KmodForge.Build.Tasks.MatrixChunkSettings).Assembly }
            .SelectMany(a => a.GetTypes()).Where(t => t.IsClass && !t.IsAbstract && t.GetConstructor(Type.EmptyTypes) is not null)
            .Where(t => KmodForge.Configuration.SettingsBinder.Describe(t).Any());
        var defaults = types.SelectMany(t =>
        {
            var instance = Activator.CreateInstance(t);
            return KmodForge.Configuration.SettingsBinder.Describe(t).Select(d => (d.Setting.Name, Type: t.Name, Value: Shown(d.Property.GetValue(instance))));
        });

        var conflicting = defaults.GroupBy(d => d.Name).Where(g => g.Select(d => d.Value).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join("; ", g.Select(d => $"{d.Type} {d.Value}"))}").ToList();

        Assert.True(conflicting.Count == 0, string.Join(Environment.NewLine, conflicting));
    }

    private static string Shown(object? value) => value is System.Collections.IEnumerable list and not string
        ? string.Join(",", list.Cast<object>())
        : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "(none)";
}
