using System.Text.Json;
using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Tests.Matrix;

public sealed class DispatchInputsTests
{
    private static readonly MatrixRun Run = new("20261123T000000Z-abcdef12", "kmodforge-sample", "v1.0.0", new MatrixSettings());

    private static (MatrixChunk Chunk, byte[] Json) Chunk(int builds, int headersEach)
    {
        var kernels = Enumerable.Range(1, builds).Select(i => MatrixBuilderTests.Debian(i, headers:
            [.. Enumerable.Range(0, headersEach).Select(h => $"http://deb.debian.org/debian/pool/main/l/linux/linux-headers-6.1.0-{i}-amd64_6.1.{h}-1_amd64.deb")])).ToList();
        var chunk = MatrixChunker.Chunk(kernels, 256)[0];
        return (chunk, ChunkDocument.ToBytes(chunk, Run));
    }

    [Fact]
    public void The_workflow_takes_no_more_inputs_than_github_allows()
    {
        Assert.True(DispatchInputs.Names.Count <= GitHubLimits.MaxDispatchInputs);
        var (chunk, json) = Chunk(1, 0);
        Assert.Equal(DispatchInputs.Names.Order(), DispatchInputs.For(chunk, Run, json, "k").Keys.Order());
    }

    [Fact]
    public void A_chunk_exactly_at_the_payload_limit_goes_inline_and_one_character_more_goes_by_reference()
    {
        var (chunk, json) = Chunk(3, 2);
        var inline = DispatchInputs.For(chunk, Run, json, "matrix/k/chunk-001.json", int.MaxValue);
        var size = DispatchInputs.PayloadChars(inline);

        var atLimit = DispatchInputs.For(chunk, Run, json, "matrix/k/chunk-001.json", size);
        var over = DispatchInputs.For(chunk, Run, json, "matrix/k/chunk-001.json", size - 1);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(json), atLimit["chunk"]);
        Assert.Equal(string.Empty, atLimit["chunk_ref"]);
        Assert.Equal(string.Empty, over["chunk"]);
        Assert.Equal("matrix/k/chunk-001.json", over["chunk_ref"]);
        Assert.True(DispatchInputs.PayloadChars(over) < 1000);
    }

    [Fact]
    public void At_githubs_real_limit_a_typical_chunk_goes_inline_and_a_full_one_with_many_headers_by_reference()
    {
        var (small, smallJson) = Chunk(50, 3);
        var (big, bigJson) = Chunk(256, 6);

        Assert.True(DispatchInputs.PayloadChars(DispatchInputs.For(small, Run, smallJson, "k")) <= GitHubLimits.MaxDispatchPayloadChars);
        Assert.Equal(string.Empty, DispatchInputs.For(small, Run, smallJson, "k")["chunk_ref"]);
        Assert.Equal("k", DispatchInputs.For(big, Run, bigJson, "k")["chunk_ref"]);
    }

    [Fact]
    public void Chunk_entries_carry_what_a_build_job_needs_including_runs_on_per_architecture()
    {
        var settings = new MatrixSettings { RunsOnAarch64 = "my-arm-runner" };
        var run = Run with { Settings = settings };
        var arm = new MatrixKernel(BuildTarget.Create("amazonlinux", null, "6.12.58-82.121.amzn2023.aarch64", "aarch64", "v1.0.0"), ["https://cdn/k.rpm"], KernelSource.KernelsJson);
        var chunk = MatrixChunker.Chunk([MatrixBuilderTests.Debian(28), arm], 50)[0];

        using var doc = JsonDocument.Parse(ChunkDocument.ToBytes(chunk, run));
        var root = doc.RootElement;
        Assert.Equal("v1.0.0", root.GetProperty("driver_version").GetString());
        Assert.Equal(1, root.GetProperty("chunk").GetInt32());
        var include = root.GetProperty("include");
        Assert.Equal("ubuntu-24.04", include[0].GetProperty("runs_on").GetString());
        Assert.Equal("6.1.0-28-amd64", include[0].GetProperty("kernel_release").GetString());
        Assert.Equal("deb", include[0].GetProperty("format").GetString());
        Assert.Equal("kmodforge/base-debian:12-amd64", include[0].GetProperty("base_image").GetString());
        Assert.Equal(16, include[0].GetProperty("cache_key").GetString()!.Length);
        Assert.Equal("my-arm-runner", include[1].GetProperty("runs_on").GetString());
        Assert.Equal("amazonlinux", include[1].GetProperty("distribution").GetString());
        Assert.Equal("2023", include[1].GetProperty("distro_version").GetString());
        Assert.Equal("rpm", include[1].GetProperty("format").GetString());
        Assert.Equal("https://cdn/k.rpm", include[1].GetProperty("headers")[0].GetString());
    }
}
