using KmodForge.Matrix;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.BuildHost;

/// <summary>The MatrixChunk task as a matrix-build run's prepare job calls it: the chunk in, the job outputs out.</summary>
public sealed class MatrixChunkTaskTests
{
    private static string Chunk(int builds, int urls = 6) =>
        $$"""{"matrix_id":"m-1","chunk":1,"chunks":1,"driver_name":"kmodforge-sample","driver_version":"v0.1.0","include":[{{string.Join(',', Enumerable.Range(0, builds).Select(i =>
            $$"""{"distribution":"debian","distro_version":"{{(i % 2 == 0 ? "12" : "13")}}","architecture":"x86_64","kernel_release":"6.1.0-{{i}}-amd64","runs_on":"ubuntu-24.04","format":"deb","base_image":"kmodforge/base-debian:12-amd64","cache_key":"0123456789abcdef","headers":[{{string.Join(',', Enumerable.Range(0, urls).Select(u => $"\"https://deb.debian.org/debian/pool/main/l/linux/linux-headers-6.1.0-{i}-amd64_6.1.{i}-{u}_amd64.deb\""))}}]}""")) }}]}""";

    private static (int Exit, HostHarness Host, string Output) Run(TempDirectory temp, params string[] args)
    {
        var output = Path.Combine(temp.Path, "github_output");
        File.WriteAllText(output, string.Empty);
        var host = new HostHarness { RealBuildTasks = true };
        host.Environment["GITHUB_OUTPUT"] = output;
        host.Environment["KMODFORGE_BLOB_DIR"] = Path.Combine(temp.Path, "store");
        var exit = host.Run(["--target=MatrixChunk", .. args]);
        return (exit, host, File.ReadAllText(output));
    }

    [Fact]
    public void An_inline_chunk_becomes_the_chunk_builds_and_images_outputs()
    {
        using var temp = new TempDirectory();
        var (exit, host, output) = Run(temp, "--chunk=" + Chunk(3));

        Assert.True(exit == 0, host.Error + host.Output);
        Assert.Contains(Chunk(3), output, StringComparison.Ordinal);
        Assert.Matches(@"builds<<ghadelimiter_\w+\n3\n", output);
        Assert.Matches(@"images<<ghadelimiter_\w+\ndebian:12:x86_64,debian:13:x86_64\n", output);
    }

    [Fact]
    public void A_full_256_build_chunk_by_reference_fits_the_job_output_limit()
    {
        using var temp = new TempDirectory();
        var chunk = Chunk(256);
        Assert.True(chunk.Length > GitHubOutputFile.MaxBytes, "the chunk must be larger than the old 64 KiB cap for this test to mean anything");
        var key = "matrix/kmodforge-sample/runs/m-1/chunk-001.json";
        Directory.CreateDirectory(Path.Combine(temp.Path, "store", "matrix", "kmodforge-sample", "runs", "m-1"));
        File.WriteAllText(Path.Combine(temp.Path, "store", key), chunk);

        var (exit, host, output) = Run(temp, "--chunk-ref=" + key);

        Assert.True(exit == 0, host.Error + host.Output);
        Assert.Contains(chunk, output, StringComparison.Ordinal);
        Assert.Matches(@"builds<<ghadelimiter_\w+\n256\n", output);
    }

    [Theory]
    [InlineData("--chunk-ref=", "--chunk-ref: '' is empty and no --chunk was given")]
    [InlineData("--chunk-ref=matrix/none.json", "--chunk-ref: 'matrix/none.json' is not in local directory")]
    [InlineData("--chunk={\"include\":[]}", "$.include is empty")]
    [InlineData("--chunk-ref=../chunk.json", "--chunk-ref: blob key: '../chunk.json' has a segment '..'")]
    public void A_missing_or_bad_chunk_is_one_message_not_a_bug(string argument, string expected)
    {
        using var temp = new TempDirectory();
        var (exit, host, output) = Run(temp, argument);

        Assert.NotEqual(0, exit);
        Assert.Contains(expected, host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("(Parameter", host.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void A_chunk_larger_than_the_job_output_limit_is_refused_before_anything_is_written()
    {
        using var temp = new TempDirectory();
        var (exit, host, output) = Run(temp, "--chunk=" + Chunk(2000, urls: 3));

        Assert.NotEqual(0, exit);
        Assert.Contains("more than the 1,048,576 allowed", host.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected failure", host.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, output);
    }
}
