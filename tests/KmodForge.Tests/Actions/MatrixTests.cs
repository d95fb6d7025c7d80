namespace KmodForge.Tests.Actions;

/// <summary>strategy.matrix expansion, names, contexts, fail-fast, max-parallel, and the limits.</summary>
public sealed class MatrixTests
{
    [Fact]
    public async Task Vectors_include_and_exclude_expand_as_on_GitHub_with_default_names_and_the_strategy_context()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              build:
                runs-on: ubuntu-latest
                strategy:
                  matrix:
                    os: [deb, rpm]
                    n: [1, 2]
                    exclude:
                      - os: rpm
                        n: 2
                    include:
                      - os: deb
                        extra: yes
                      - os: apk
                        n: 9
                steps:
                  - run: echo "m=${{ toJSON(matrix) }} i=${{ strategy.job-index }}/${{ strategy.job-total }} ff=${{ strategy.fail-fast }}"
              named:
                name: Named ${{ matrix.x }}
                runs-on: ubuntu-latest
                strategy:
                  matrix:
                    x: [a, b]
                steps:
                  - run: true
            """);

        var run = await repo.RunAsync();

        Assert.Equal("success", run.Conclusion);
        var names = run.Jobs.Where(j => j.JobId == "build").Select(j => j.Name).ToList();
        Assert.Equal(["build (deb, 1, yes)", "build (deb, 2, yes)", "build (rpm, 1)", "build (apk, 9)"], names);
        Assert.Contains("i=3/4 ff=true", run.Job("build (apk, 9)").Log, StringComparison.Ordinal);
        Assert.Equal(["Named a", "Named b"], run.Jobs.Where(j => j.JobId == "named").Select(j => j.Name));
    }

    [Fact]
    public async Task A_matrix_from_an_expression_builds_its_jobs_and_the_last_job_to_finish_sets_the_outputs()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on:
              workflow_dispatch:
                inputs:
                  chunk: { type: string, required: true }
            jobs:
              build:
                name: ${{ matrix.k }}
                runs-on: ${{ matrix.runs_on }}
                strategy:
                  max-parallel: 1
                  matrix:
                    include: ${{ fromJSON(inputs.chunk).include }}
                outputs:
                  last: ${{ steps.o.outputs.v }}
                steps:
                  - id: o
                    run: echo "v=${{ matrix.k }}" >> "$GITHUB_OUTPUT"
              whole:
                needs: build
                runs-on: ubuntu-latest
                strategy:
                  matrix: ${{ fromJSON('{"a":[1,2,3]}') }}
                steps:
                  - run: echo "last=${{ needs.build.outputs.last }}"
            """);

        var run = await repo.RunAsync(new Dictionary<string, string> { ["chunk"] = """{"include":[{"k":"one","runs_on":"ubuntu-latest"},{"k":"two","runs_on":"ubuntu-24.04"}]}""" });

        Assert.Equal("success", run.Conclusion);
        Assert.Equal(["one", "two"], run.Jobs.Where(j => j.JobId == "build").Select(j => j.Name));
        Assert.Equal(3, run.Jobs.Count(j => j.JobId == "whole"));
        Assert.Contains("last=two", run.Job("whole (1)").Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fail_fast_cancels_the_rest_of_the_matrix_and_max_parallel_limits_it()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              fast:
                runs-on: ubuntu-latest
                strategy:
                  max-parallel: 1
                  matrix:
                    n: [1, 2, 3]
                steps:
                  - run: exit ${{ matrix.n == 1 && 1 || 0 }}
              slow:
                runs-on: ubuntu-latest
                strategy:
                  fail-fast: false
                  max-parallel: 1
                  matrix:
                    n: [1, 2, 3]
                steps:
                  - run: exit ${{ matrix.n == 1 && 1 || 0 }}
            """);

        var run = await repo.RunAsync();

        Assert.Equal("failure", run.Conclusion);
        Assert.Equal(["failure", "cancelled", "cancelled"], run.Jobs.Where(j => j.JobId == "fast").Select(j => j.Result));
        Assert.Equal(["failure", "success", "success"], run.Jobs.Where(j => j.JobId == "slow").Select(j => j.Result));
    }

    [Fact]
    public async Task A_matrix_of_257_jobs_fails_the_run_with_GitHubs_message()
    {
        await using var repo = await ActionsTestRepository.WithWorkflowAsync("""
            on: workflow_dispatch
            jobs:
              big:
                runs-on: ubuntu-latest
                strategy:
                  matrix:
                    a: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]
                    b: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]
                    include:
                      - a: 100
                        b: 100
                      - a: 101
                        b: 101
                steps:
                  - run: echo never
            """);

        var run = await repo.RunAsync();

        Assert.Equal("failure", run.Conclusion);
        Assert.Contains(run.Annotations, a => a.Message == "Strategy for job 'big' produced 257 configurations which exceeds the maximum of 256 configurations");
        Assert.DoesNotContain(run.Jobs, j => j.Result == "success");
    }
}
