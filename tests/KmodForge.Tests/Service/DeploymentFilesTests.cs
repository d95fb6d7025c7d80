using System.Text.RegularExpressions;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Service;

/// <summary>
/// The service's Dockerfile and systemd unit. No image registry is reachable here, so the Dockerfile is checked by
/// parsing it (instructions, stages, copied paths, the entry assembly); the unit is checked by systemd-analyze.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private static readonly HashSet<string> Instructions =
        ["FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"];

    [Fact]
    public void Dockerfile_is_a_multi_stage_publish_of_the_service()
    {
        var instructions = ParseDockerfile(File.ReadAllText(Path.Combine(RepoPaths.Root, "docker", "Dockerfile.service")));

        Assert.All(instructions, i => Assert.Contains(i.Keyword, Instructions));
        var stages = instructions.Where(i => i.Keyword == "FROM").Select(i => FromStage().Match(i.Arguments)).ToList();
        Assert.Equal(2, stages.Count);
        Assert.All(stages, s => Assert.True(s.Success));
        Assert.Equal("mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}", stages[0].Groups["image"].Value);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}", stages[1].Groups["image"].Value);
        Assert.Contains(instructions, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish src/KmodForge.Service/KmodForge.Service.csproj", StringComparison.Ordinal));

        // Every COPY from the build context names a path that exists; every COPY --from names an earlier stage.
        var names = stages.Select(s => s.Groups["name"].Value).ToList();
        foreach (var copy in instructions.Where(i => i.Keyword == "COPY"))
        {
            var parts = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts[0].StartsWith("--from=", StringComparison.Ordinal))
            {
                Assert.Contains(parts[0]["--from=".Length..], names);
                continue;
            }

            Assert.All(parts[..^1], source => Assert.True(Path.Exists(Path.Combine(RepoPaths.Root, source)), $"COPY source {source} does not exist"));
        }

        Assert.Equal("app", instructions.Last(i => i.Keyword == "USER").Arguments);
        var entry = instructions.Single(i => i.Keyword == "ENTRYPOINT").Arguments;
        Assert.Equal("[\"dotnet\", \"KmodForge.Service.dll\"]", entry);
        Assert.Equal("KmodForge.Service", typeof(KmodForge.Service.ServiceSettings).Assembly.GetName().Name);
    }

    [Fact]
    public void Systemd_unit_verifies_and_is_hardened()
    {
        var unit = Path.Combine(RepoPaths.Root, "deploy", "kmodforge-build-service.service");
        var text = File.ReadAllText(unit);

        foreach (var line in new[] { "DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes", "PrivateTmp=yes", "CapabilityBoundingSet=", "StateDirectory=kmodforge-build-service" })
        {
            Assert.Contains(line + "\n", text);
        }

        Assert.Matches(@"ExecStart=\S+dotnet \S+/KmodForge\.Service\.dll --urls=", text);
        Assert.True(ProcessRunner.OnPath("systemd-analyze"), "systemd-analyze is not installed; run `bash .ci/install.sh` (it installs systemd) before the tests.");

        var result = ProcessRunner.Run("systemd-analyze", "verify", unit);
        Assert.True(result.ExitCode == 0 && result.Error.Trim().Length == 0, $"systemd-analyze verify: {result.ExitCode}\n{result.Error}");
    }

    /// <summary>Dockerfile instructions with continuation lines joined and comments dropped.</summary>
    private static List<(string Keyword, string Arguments)> ParseDockerfile(string text)
    {
        var result = new List<(string, string)>();
        var current = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            current += line;
            var trimmed = current.Trim();
            var space = trimmed.IndexOf(' ');
            result.Add((trimmed[..space].ToUpperInvariant(), Regex.Replace(trimmed[(space + 1)..].Trim(), @"\s+", " ")));
            current = string.Empty;
        }

        Assert.Equal(string.Empty, current);
        return result;
    }

    [GeneratedRegex(@"^(?<image>\S+)( AS (?<name>[a-z][a-z0-9_-]*))?$", RegexOptions.IgnoreCase)]
    private static partial Regex FromStage();
}
