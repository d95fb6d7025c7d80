using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Naming;
using KmodForge.Targets;

namespace KmodForge.Service.Hosting;

/// <summary>Checks settings that bind but cannot work together; each problem names the setting and what is accepted.</summary>
public static class ServiceSettingsCheck
{
    public static IReadOnlyList<string> Problems(ServiceSettings s)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                problems.Add(problem);
            }
        }

        Require(InputRules.DriverName(s.DriverName) is null, $"--driver-name: {Printable.Quote(s.DriverName)} {InputRules.DriverName(s.DriverName)}");
        Require(TemplateProblem(s.ReleaseTagTemplate) is null, TemplateProblem(s.ReleaseTagTemplate) ?? string.Empty);
        Require(!string.IsNullOrWhiteSpace(s.StatePath), "--state-path: give the SQLite file that holds build state");
        Require(s.RateLimitPermits >= 0, "--rate-limit-permits: must be 0 (off) or more");
        Require(s.RateLimitWindow > TimeSpan.Zero, "--rate-limit-window: must be more than 0 seconds");
        Require(s.MaxBodyBytes is >= 256 and <= 1024 * 1024, "--max-body-bytes: must be between 256 and 1048576");
        Require(s.PollInterval >= TimeSpan.FromMilliseconds(10), "--poll-interval: must be at least 0.01 seconds");
        Require(s.BuildTimeout > TimeSpan.Zero, "--build-timeout: must be more than 0 seconds");
        Require(s.PruneInterval >= TimeSpan.FromSeconds(1), "--prune-interval: must be at least 1 second");
        Require(s.LocalParallelism is >= 1 and <= 64, "--local-parallelism: must be between 1 and 64");
        Require(s.LocalQueueCapacity is >= 1 and <= 100_000, "--local-queue-capacity: must be between 1 and 100000");
        return problems;
    }

    private static string? TemplateProblem(string template)
    {
        try
        {
            PackageNaming.ReleaseTag(BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0"), template);
            return null;
        }
        catch (SettingsException e)
        {
            return string.Join("; ", e.Errors);
        }
    }
}
