using System.Text.RegularExpressions;
using KmodForge.GitHub;
using YamlDotNet.RepresentationModel;

namespace KmodForge.Tests.GitHub;

/// <summary>
/// The wiring a new user's workflows need, read from the YAML: secrets only in the steps that use them, the blob store
/// configured wherever a task reads or writes it, and the build host restored from a cache before it is run. The
/// scenario tests (Actions/) run the same files; these say which line is missing when one is.
/// </summary>
public sealed partial class WorkflowWiringTests
{
    public static TheoryData<string> Files => [.. WorkflowContract.Files.Where(f => f != WorkflowContract.Ci)];

    /// <summary>Tasks that call the GitHub API: their step, and only theirs, gets the token.</summary>
    private static bool NeedsGitHubToken(string run) =>
        run.Contains("--target=AddKernelPr", StringComparison.Ordinal) || run.Contains("--target=Matrix ", StringComparison.Ordinal)
        || run.Contains("--target=FetchMatrixResults", StringComparison.Ordinal)
        || run.Contains("--release-store=github", StringComparison.Ordinal);

    /// <summary>Tasks that read or write the blob store (S3): every one but a matrix build job, which reads the handed-over folder.</summary>
    private static bool NeedsBlobStore(string run) =>
        !run.Contains("--blob-store=local", StringComparison.Ordinal) && BuildShTask().Match(run).Groups[1].Value is "BaseImages" or "Matrix" or "MatrixChunk" or "FetchBaseImages" or "Driver";

    [Theory]
    [MemberData(nameof(Files))]
    public void Secrets_and_the_token_reach_only_the_steps_that_use_them(string file)
    {
        var workflow = WorkflowFiles.Load(file);
        Assert.DoesNotContain(Env(workflow).Values, v => SecretUse().IsMatch(v));
        foreach (var (job, definition) in WorkflowFiles.Jobs(workflow))
        {
            Assert.DoesNotContain(Env(definition).Values, v => SecretUse().IsMatch(v));
            foreach (var step in WorkflowFiles.Steps(definition).Where(s => s.Scalar("run") is not null))
            {
                var run = step.Scalar("run")!;
                var env = Env(step);
                Assert.True(env.ContainsKey("GITHUB_TOKEN") == NeedsGitHubToken(run), $"{file} job {job}: GITHUB_TOKEN given to the wrong steps ({run})");
                Assert.True(env.ContainsKey("AWS_SECRET_ACCESS_KEY") == NeedsBlobStore(run), $"{file} job {job}: the store's credentials given to the wrong steps ({run})");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_task_that_uses_the_blob_store_has_it_configured_from_repository_variables(string file)
    {
        var workflow = WorkflowFiles.Load(file);
        foreach (var (job, definition) in WorkflowFiles.Jobs(workflow))
        {
            foreach (var step in WorkflowFiles.Steps(definition).Where(s => s.Scalar("run") is { } run && NeedsBlobStore(run)))
            {
                var env = Env(workflow).Concat(Env(definition)).Concat(Env(step)).ToDictionary(p => p.Key, p => p.Value);
                Assert.Equal("s3", env.GetValueOrDefault("KMODFORGE_BLOB_STORE"));
                foreach (var name in new[] { "BUCKET", "PREFIX", "REGION", "ENDPOINT_URL", "FORCE_PATH_STYLE" })
                {
                    Assert.Equal($"${{{{ vars.KMODFORGE_S3_{name} }}}}", env.GetValueOrDefault($"KMODFORGE_S3_{name}"));
                }

                Assert.Equal("${{ secrets.AWS_ACCESS_KEY_ID }}", env.GetValueOrDefault("AWS_ACCESS_KEY_ID"));
                Assert.Equal("${{ secrets.AWS_SECRET_ACCESS_KEY }}", env.GetValueOrDefault("AWS_SECRET_ACCESS_KEY"));
                Assert.True(env.Count > 0, $"{file} job {job}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_job_restores_the_build_host_from_the_cache_before_running_it(string file)
    {
        foreach (var (job, definition) in WorkflowFiles.Jobs(WorkflowFiles.Load(file)))
        {
            var steps = WorkflowFiles.Steps(definition).ToList();
            var cache = steps.FindIndex(s => s.Scalar("uses")?.StartsWith("actions/cache@", StringComparison.Ordinal) == true);
            var firstRun = steps.FindIndex(s => s.Scalar("run") is not null);
            if (firstRun < 0)
            {
                // Only actions (coverage-report.yml's Pages deploy): no build host to restore.
                Assert.Equal(-1, cache);
                continue;
            }

            Assert.True(cache >= 0 && cache < firstRun, $"{file} job {job}: no actions/cache step before the first ./build.sh");
            var with = steps[cache].Map("with");
            Assert.Equal("build/bin/Release/net10.0", with.Scalar("path"));
            Assert.Contains("hashFiles(", with.Scalar("key"), StringComparison.Ordinal);
        }
    }

    private static Dictionary<string, string> Env(YamlMappingNode node) =>
        node.Get("env") is YamlMappingNode env ? env.Keys().ToDictionary(k => k, k => env.Scalar(k) ?? string.Empty) : [];

    [GeneratedRegex(@"secrets\.|github\.token")]
    private static partial Regex SecretUse();

    [GeneratedRegex(@"--target=([A-Za-z]+)")]
    private static partial Regex BuildShTask();
}
