namespace KmodForge.Tests.Actions;

/// <summary>$GITHUB_OUTPUT/ENV/PATH/STATE/STEP_SUMMARY, workflow commands, masking, and GitHub's size limits.</summary>
public sealed class FileAndWorkflowCommandTests
{
    [Fact]
    public async Task File_commands_set_outputs_env_path_and_the_summary_and_workflow_commands_annotate_group_and_mask()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              commands:
                runs-on: ubuntu-latest
                steps:
                  - id: write
                    run: |
                      echo "plain=a=b" >> "$GITHUB_OUTPUT"
                      printf 'multi<<EOF_X\nline 1\nline 2\nEOF_X\n' >> "$GITHUB_OUTPUT"
                      echo "FROM_ENV=set" >> "$GITHUB_ENV"
                      mkdir -p "$RUNNER_TEMP/bin" && printf '#!/bin/sh\necho tool-ran\n' > "$RUNNER_TEMP/bin/mytool" && chmod +x "$RUNNER_TEMP/bin/mytool"
                      echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"
                      echo "keep=1" >> "$GITHUB_STATE"
                      echo "### Summary one" >> "$GITHUB_STEP_SUMMARY"
                  - run: |
                      echo "plain=${{ steps.write.outputs.plain }} env=$FROM_ENV ctx=${{ env.FROM_ENV }}"
                      echo "${{ steps.write.outputs.multi }}" | tail -1
                      mytool
                      echo "::group::Inner group"
                      echo "inside"
                      echo "::endgroup::"
                      echo "::error file=src/a.c,line=12,title=Broken::bad thing%0Asecond line"
                      echo "::warning::careful"
                      echo "::notice title=Note::fyi"
                      echo "::add-mask::classified-value"
                      echo "leak: classified-value and ${{ secrets.MY_SECRET }}"
                      echo "::stop-commands::pause123"
                      echo "::warning::not a command now"
                      echo "::pause123::"
                      echo "Summary two" >> "$GITHUB_STEP_SUMMARY"
            """);

        var run = await repo.RunAsync();

        var job = run.Job("commands");
        Assert.Equal("success", run.Conclusion);
        Assert.Contains("plain=a=b env=set ctx=set", job.Log, StringComparison.Ordinal);
        Assert.Contains("\nline 2\n", job.Log, StringComparison.Ordinal);
        Assert.Contains("tool-ran", job.Log, StringComparison.Ordinal);
        Assert.Contains("::group::Inner group\ninside\n::endgroup::", job.Log, StringComparison.Ordinal);
        Assert.Contains("leak: *** and ***", job.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("\nleak: classified-value", job.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", job.Log, StringComparison.Ordinal);
        Assert.Contains("::warning::not a command now", job.Log, StringComparison.Ordinal);
        Assert.Equal("### Summary one\n\nSummary two\n", job.StepSummary);
        var error = Assert.Single(job.Annotations, a => a.Level == "error");
        Assert.Equal(("bad thing\nsecond line", "src/a.c", 12, "Broken"), (error.Message, error.File, error.Line, error.Title));
        Assert.Single(job.Annotations, a => a.Level == "warning" && a.Message == "careful");
        Assert.Single(job.Annotations, a => a.Level == "notice" && a.Title == "Note");
    }

    [Fact]
    public async Task Outputs_over_1_MB_fail_the_job_a_summary_over_1_MiB_is_dropped_and_secret_outputs_are_skipped()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              big:
                runs-on: ubuntu-latest
                outputs:
                  huge: ${{ steps.o.outputs.huge }}
                steps:
                  - id: o
                    run: |
                      printf 'huge=%0600000d\n' 0 >> "$GITHUB_OUTPUT"
                      head -c 1100000 /dev/zero | tr '\0' x >> "$GITHUB_STEP_SUMMARY"
              secret:
                runs-on: ubuntu-latest
                outputs:
                  leaked: ${{ secrets.MY_SECRET }}
                  fine: ok
                steps:
                  - run: true
            """);

        var run = await repo.RunAsync();

        Assert.Equal("failure", run.Job("big").Result);
        Assert.Contains(run.Job("big").Annotations, a => a.Level == "error" && a.Message.Contains("a maximum of 1 MB", StringComparison.Ordinal));
        Assert.Contains(run.Job("big").Annotations, a => a.Level == "warning" && a.Message.StartsWith("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k", StringComparison.Ordinal));
        Assert.Empty(run.Job("big").StepSummary);
        Assert.Equal(new Dictionary<string, string> { ["fine"] = "ok" }, run.Job("secret").Outputs);
        Assert.Contains(run.Job("secret").Annotations, a => a.Message == "Skip output 'leaked' since it may contain secret.");
    }
}
