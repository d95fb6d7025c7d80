using System.Formats.Tar;
using System.IO.Compression;

namespace KmodForge.Tests.Actions;

/// <summary>The uses: actions the runner implements, and the loud failures for everything else.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ActionStepTests
{
    private static readonly Dictionary<string, string> Files = new()
    {
        ["tool.sh"] = "#!/bin/sh\necho tool-from-checkout\n",
        ["data/a.txt"] = "a\n",
        ["data/b.txt"] = "b\n",
        ["data/.hidden"] = "h\n",
        ["global.json"] = "{ \"sdk\": { \"version\": \"10.0.100\", \"rollForward\": \"latestFeature\" } }\n",
        ["old/global.json"] = "{ \"sdk\": { \"version\": \"6.0.100\", \"rollForward\": \"latestPatch\" } }\n",
    };

    private static async Task<ActionsTestRepository> RepositoryAsync(string workflow)
    {
        var files = new Dictionary<string, string>(Files) { [".github/workflows/test.yml"] = workflow };
        var repo = await ActionsTestRepository.CreateAsync(files);
        File.SetUnixFileMode(repo.Temp.Combine("tree", "tool.sh"), (UnixFileMode)0b111_101_101);
        repo.Server.SeedFromDirectory(repo.Temp.Combine("tree"));
        return repo;
    }

    [Fact]
    public async Task Checkout_downloads_the_tarball_with_modes_and_times_and_hashFiles_hashes_the_workspace()
    {
        await using var repo = await RepositoryAsync("""
            on: workflow_dispatch
            jobs:
              checkout:
                runs-on: ubuntu-latest
                steps:
                  - id: co
                    uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683
                    with:
                      persist-credentials: false
                  - uses: actions/checkout@v4
                    with:
                      ref: v1
                      path: at-tag
                  - run: |
                      ./tool.sh
                      stat -c '%a %n' tool.sh data/a.txt
                      echo "mtime=$(stat -c %Y data/a.txt)"
                      test -f at-tag/data/b.txt && echo "tag=ok"
                      echo "commit=${{ steps.co.outputs.commit }}"
                      echo "hash=${{ hashFiles('data/**', '!data/b.txt') }} none=[${{ hashFiles('nothing/**') }}]"
                      cat data/a.txt data/.hidden | sha256sum
            """);
        var sha = repo.Server.State.ResolveRef("heads/main")!;
        repo.Server.State.Tag("v1", sha);

        var run = await repo.RunAsync();

        var log = run.Job("checkout").Log;
        Assert.True(run.Conclusion == "success", log);
        Assert.Contains("tool-from-checkout", log, StringComparison.Ordinal);
        Assert.Contains("755 tool.sh", log, StringComparison.Ordinal);
        Assert.Contains("644 data/a.txt", log, StringComparison.Ordinal);
        Assert.Contains($"mtime={repo.Server.State.CommitTime(sha).ToUnixTimeSeconds()}", log, StringComparison.Ordinal);
        Assert.Contains("tag=ok", log, StringComparison.Ordinal);
        Assert.Contains($"commit={sha}", log, StringComparison.Ordinal);
        Assert.Contains($"hash={ExpectedHash(["data/.hidden", "data/a.txt"])} none=[]", log, StringComparison.Ordinal);
        Assert.All(repo.Server.Requests.Where(r => r.Endpoint == TestSupport.GitHub.GitHubEndpoints.Tarball), r => Assert.StartsWith("token ghs_", r.Authorization, StringComparison.Ordinal));
    }

    private static string ExpectedHash(string[] paths)
    {
        using var outer = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var path in paths)
        {
            outer.AppendData(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Files[path])));
        }

        return Convert.ToHexStringLower(outer.GetHashAndReset());
    }

    [Fact]
    public async Task The_tarball_is_GitHubs_layout_behind_a_redirect_for_branches_tags_and_shas()
    {
        await using var repo = await RepositoryAsync("on: workflow_dispatch\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: true\n");
        var sha = repo.Server.State.ResolveRef("heads/main")!;
        repo.Server.State.Tag("v2", sha);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        foreach (var reference in new[] { "main", "tags/v2", "v2", sha })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{repo.Server.ApiUrl}repos/{repo.Server.Repository}/tarball/{reference}");
            request.Headers.Authorization = new("token", repo.Server.Token);
            using var redirect = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.Found, redirect.StatusCode);
            var bytes = await http.GetByteArrayAsync(redirect.Headers.Location!);
            using var tar = new TarReader(new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress));
            var entries = new List<TarEntry>();
            while (tar.GetNextEntry() is { } entry)
            {
                entries.Add(entry);
            }

            var tool = Assert.Single(entries, e => e.Name == $"kmodforge-drivers-{sha[..7]}/tool.sh");
            Assert.Equal((UnixFileMode)0b111_101_101, tool.Mode);
            Assert.Equal((UnixFileMode)0b110_100_100, Assert.Single(entries, e => e.Name.EndsWith("/data/a.txt", StringComparison.Ordinal)).Mode);
            Assert.Equal(repo.Server.State.CommitTime(sha).ToUnixTimeSeconds(), tool.ModificationTime.ToUnixTimeSeconds());
        }
    }

    [Fact]
    public async Task Setup_dotnet_accepts_the_SDK_on_PATH_per_global_json_and_fails_loudly_when_it_cannot_satisfy_it()
    {
        await using var repo = await RepositoryAsync("""
            on: workflow_dispatch
            jobs:
              ok:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - id: dn
                    uses: actions/setup-dotnet@67a3573c9a986a3f9c594539f4ab511d57bb3ce9
                    with:
                      global-json-file: global.json
                  - run: echo "sdk=${{ steps.dn.outputs.dotnet-version }}"
              too-old:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: actions/setup-dotnet@v4
                    with:
                      global-json-file: old/global.json
              quality:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/setup-dotnet@v4
                    with:
                      dotnet-version: 10.0.x
                      dotnet-quality: preview
            """);

        var run = await repo.RunAsync();

        Assert.Equal("success", run.Job("ok").Result);
        Assert.Matches(@"sdk=10\.0\.\d+", run.Job("ok").Log);
        Assert.Equal("failure", run.Job("too-old").Result);
        Assert.Contains(run.Job("too-old").Annotations, a => a.Message.Contains("do not satisfy 6.0.100 (rollForward latestPatch)", StringComparison.Ordinal));
        Assert.Contains(run.Job("quality").Annotations, a => a.Message.Contains("the input 'dotnet-quality' is not implemented by the local runner", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Artifacts_upload_and_download_within_the_run_with_globs_exclusions_hidden_files_and_unique_names()
    {
        await using var repo = await RepositoryAsync("""
            on: workflow_dispatch
            jobs:
              up:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - id: a
                    uses: actions/upload-artifact@v4
                    with:
                      name: data
                      path: |
                        data/
                        !data/b.txt
                  - uses: actions/upload-artifact@v4
                    with:
                      name: hidden
                      path: data/*
                      include-hidden-files: true
                      retention-days: 1
                  - uses: actions/upload-artifact@v4
                    with:
                      name: missing
                      path: nothing/here
                      if-no-files-found: ignore
                  - run: echo "id=${{ steps.a.outputs.artifact-id }}"
              again:
                needs: up
                runs-on: ubuntu-latest
                steps:
                  - run: echo x > f.txt
                  - uses: actions/upload-artifact@v4
                    with:
                      name: data
                      path: f.txt
              down:
                needs: up
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/download-artifact@v4
                    with:
                      name: data
                      path: one
                  - uses: actions/download-artifact@v4
                    with:
                      path: all
                  - uses: actions/download-artifact@v4
                    with:
                      pattern: hid*
                      merge-multiple: true
                      path: merged
                  - run: find one all merged -type f | sort
                  - uses: actions/download-artifact@v4
                    with:
                      name: data
                      run-id: 12345
            """);

        var run = await repo.RunAsync();

        var log = run.Job("down").Log;
        Assert.Contains("one/a.txt\n", log, StringComparison.Ordinal);
        Assert.DoesNotContain("one/b.txt", log, StringComparison.Ordinal);
        Assert.DoesNotContain("one/.hidden", log, StringComparison.Ordinal);
        Assert.Contains("all/data/a.txt\nall/hidden/.hidden\nall/hidden/a.txt\nall/hidden/b.txt\n", log, StringComparison.Ordinal);
        Assert.Contains("merged/.hidden\nmerged/a.txt\nmerged/b.txt\n", log, StringComparison.Ordinal);
        Assert.Contains(run.Job("down").Annotations, a => a.Message.Contains("downloading from another run or repository", StringComparison.Ordinal));
        Assert.Equal("failure", run.Job("again").Result);
        Assert.Contains(run.Job("again").Annotations, a => a.Message.Contains("an artifact with this name already exists on the workflow run", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(run.Directory, "artifacts")));
    }

    [Fact]
    public async Task The_cache_restores_by_key_and_prefix_saves_after_a_successful_job_and_never_overwrites_an_entry()
    {
        const string Job = """
              cache:
                runs-on: ubuntu-latest
                steps:
                  - id: c
                    uses: actions/cache@5a3ec84eff668545956fd18022155c47e93e2684
                    with:
                      path: |
                        out
                        ~/kmodforge-not-there
                      key: k-${{ inputs.v }}
                      restore-keys: k-
                  - run: |
                      echo "hit=${{ steps.c.outputs.cache-hit }} content=$(cat out/v 2>/dev/null || echo none)"
                      mkdir -p out && echo "${{ inputs.v }}" > out/v
              restore-only:
                needs: cache
                runs-on: ubuntu-latest
                steps:
                  - id: r
                    uses: actions/cache/restore@v4
                    with:
                      path: |
                        out
                        ~/kmodforge-not-there
                      key: k-${{ inputs.v }}
                      lookup-only: true
                  - run: echo "lookup=${{ steps.r.outputs.cache-hit }} present=$(test -e out/v && echo yes || echo no)"
                  - uses: actions/cache/restore@v4
                    with:
                      path: out
                      key: absent-key
                      fail-on-cache-miss: true
            """;
        await using var repo = await RepositoryAsync("on:\n  workflow_dispatch:\n    inputs:\n      v: { type: string }\njobs:\n" + Job);

        var first = await repo.RunAsync(new Dictionary<string, string> { ["v"] = "1" });
        var second = await repo.RunAsync(new Dictionary<string, string> { ["v"] = "2" });
        var third = await repo.RunAsync(new Dictionary<string, string> { ["v"] = "2" });

        ActionsTestRepository.LogContains(first.Job("cache"), "hit=false content=none");
        ActionsTestRepository.LogContains(first.Job("cache"), "Cache saved with key: k-1");
        ActionsTestRepository.LogContains(second.Job("cache"), "hit=false content=1");
        ActionsTestRepository.LogContains(third.Job("cache"), "hit=true content=2");
        ActionsTestRepository.LogContains(third.Job("cache"), "not saving cache");
        ActionsTestRepository.LogContains(first.Job("restore-only"), "lookup=true present=no");
        Assert.Contains(first.Job("restore-only").Annotations, a => a.Message.Contains("Failed to restore cache entry. Exiting as fail-on-cache-miss is set. Input key: absent-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_action_the_runner_does_not_implement_fails_the_step_and_unknown_inputs_get_GitHubs_warning()
    {
        await using var repo = await RepositoryAsync("""
            on: workflow_dispatch
            jobs:
              unknown:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/setup-node@v4
                  - if: always()
                    uses: actions/checkout@v4
                    with:
                      fetch-depth: 0
                      bogus: 1
                  - if: always()
                    uses: actions/checkout@v4
                    with:
                      submodules: recursive
            """);

        var run = await repo.RunAsync();

        var annotations = run.Job("unknown").Annotations;
        Assert.Equal("failure", run.Conclusion);
        Assert.Contains(annotations, a => a.Level == "error" && a.Message.StartsWith("The action 'actions/setup-node@v4' is not implemented by the local runner", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.Level == "warning" && a.Message.StartsWith("Unexpected input(s) 'bogus', valid inputs are ['repository', 'ref',", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.Level == "error" && a.Message == "actions/checkout@v4: the input 'submodules' is not implemented by the local runner (given 'recursive')");
    }
}
