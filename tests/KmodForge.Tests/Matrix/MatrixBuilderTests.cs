using KmodForge.Kernels;
using KmodForge.Matrix;
using KmodForge.Targets;

namespace KmodForge.Tests.Matrix;

public sealed class MatrixBuilderTests
{
    internal static MatrixKernel Debian(int abi, string driver = "v1.0.0", params string[] headers) =>
        new(BuildTarget.Create("debian", "12", $"6.1.0-{abi}-amd64", "x86_64", driver), headers, KernelSource.KernelsJson);

    private static MatrixDiff Diff(string driver, PreviousMatrix? previous, SkipSummary skips, params MatrixKernel[] kernels)
    {
        var builder = new MatrixBuilder(driver, previous, skips);
        foreach (var k in kernels)
        {
            builder.Add(k);
        }

        return builder.Build();
    }

    [Fact]
    public void Without_a_previous_matrix_everything_is_new()
    {
        var diff = Diff("v1.0.0", null, new(), Debian(2), Debian(1));
        Assert.Equal(2, diff.New);
        Assert.Equal(["6.1.0-1-amd64", "6.1.0-2-amd64"], diff.Builds.Select(b => b.Target.KernelRelease));
    }

    [Fact]
    public void Only_new_and_changed_kernels_are_built_and_removed_ones_are_counted()
    {
        var first = Diff("v1.0.0", null, new(), Debian(1), Debian(2, headers: "https://a/1.deb"), Debian(3));
        var second = Diff("v1.0.0", first.Next, new(), Debian(1), Debian(2, headers: "https://a/2.deb"), Debian(4));

        Assert.Equal(["6.1.0-2-amd64", "6.1.0-4-amd64"], second.Builds.Select(b => b.Target.KernelRelease));
        Assert.Equal(1, second.New);
        Assert.Equal(1, second.Changed);
        Assert.Equal(1, second.Unchanged);
        Assert.Equal(1, second.Removed);
        Assert.False(second.DriverVersionChanged);
        Assert.Equal(3, second.Next.Count);
    }

    [Fact]
    public void A_new_driver_version_rebuilds_everything()
    {
        var first = Diff("v1.0.0", null, new(), Debian(1), Debian(2));
        var second = Diff("v1.1.0", first.Next, new(), Debian(1, "v1.1.0"), Debian(2, "v1.1.0"));

        Assert.True(second.DriverVersionChanged);
        Assert.Equal(2, second.New);
        Assert.Equal(0, second.Unchanged);
        Assert.Equal("v1.1.0", second.Next.DriverVersion);
    }

    [Fact]
    public void Duplicates_are_counted_and_the_first_wins()
    {
        var skips = new SkipSummary();
        var diff = Diff("v1.0.0", null, skips, Debian(1, headers: "https://a/first.deb"), Debian(1, headers: "https://a/second.deb"));
        Assert.Single(diff.Builds);
        Assert.Equal("https://a/first.deb", diff.Builds[0].Headers[0]);
        Assert.Equal(1, skips[SkipReason.Duplicate]);
    }

    [Fact]
    public void Groups_count_kernels_and_builds_per_distribution_version_and_architecture()
    {
        var first = Diff("v1.0.0", null, new(), Debian(1));
        var arm = new MatrixKernel(BuildTarget.Create("debian", "12", "6.1.0-1-arm64", "aarch64", "v1.0.0"), [], KernelSource.KernelsJson);
        var diff = Diff("v1.0.0", first.Next, new(), Debian(1), Debian(2), arm);
        Assert.Equal(
            [new MatrixGroupCount("debian", "12", "aarch64", 1, 1), new MatrixGroupCount("debian", "12", "x86_64", 2, 1)],
            diff.Groups);
    }

    [Fact]
    public void Previous_matrix_round_trips_to_the_same_bytes()
    {
        var next = Diff("v1.0.0", null, new(), Debian(3), Debian(1, headers: "https://a/1.deb")).Next;
        using var a = new MemoryStream();
        next.Write(a);
        var read = PreviousMatrix.Read(new MemoryStream(a.ToArray()), "test");
        using var b = new MemoryStream();
        read.Write(b);

        Assert.Equal(a.ToArray(), b.ToArray());
        Assert.Equal(next.Digests, read.Digests);
        Assert.Equal("v1.0.0", read.DriverVersion);
    }

    [Theory]
    [InlineData("""{"format": 2, "driver_version": "v1", "kernels": {}}""")]
    [InlineData("""{"format": 1, "kernels": {}}""")]
    [InlineData("""{"format": 1, "driver_version": "v1", "kernels": {"a": "not-hex"}}""")]
    [InlineData("""[]""")]
    public void A_corrupt_previous_matrix_is_a_clear_error(string json)
    {
        var e = Assert.Throws<KernelListFormatException>(() => PreviousMatrix.Read(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "store previous.json"));
        Assert.StartsWith("store previous.json: $", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_previous_matrix_given_as_strings_is_diffed_the_same_as_one_read_from_a_file()
    {
        // The builder looks keys up as UTF-8: a previous matrix built from a dictionary is looked up through its strings.
        var digests = new Dictionary<string, ulong>(StringComparer.Ordinal)
        {
            [Debian(1).Key] = MatrixBuilder.Digest([]),
            [Debian(2).Key] = MatrixBuilder.Digest(["https://a/old.deb"]),
        };
        var diff = Diff("v1.0.0", new PreviousMatrix("v1.0.0", digests), new(), Debian(1), Debian(2, headers: "https://a/new.deb"), Debian(3));

        Assert.Equal((1, 1, 1, 0), (diff.New, diff.Changed, diff.Unchanged, diff.Removed));
        Assert.Equal([Debian(1).Key, Debian(2).Key, Debian(3).Key], diff.Next.Digests.Keys);
        Assert.Equal(MatrixBuilder.Digest(["https://a/new.deb"]), diff.Next.Digests[Debian(2).Key]);
    }

    [Theory]
    [InlineData("debian", "12", "6.1.0-28-amd64", "x86_64")]
    [InlineData("ubuntu", "24.04", "6.8.0-1021-aws-64k", "aarch64")]
    [InlineData("centos", "stream9", "5.14.0-570.el9.aarch64+64k", "aarch64")]
    [InlineData("amazonlinux", "2023", "6.12.58-82.121.amzn2023.x86_64", "x86_64")]
    public void The_key_bytes_are_the_utf8_of_the_matrix_key(string distribution, string version, string release, string architecture)
    {
        var target = BuildTarget.Create(distribution, version, release, architecture, "v1.0.0");
        var prefix = MatrixKeyBytes.Prefix(target);
        var buffer = new byte[MatrixKeyBytes.MaxLength(prefix, target)];

        var written = buffer.AsSpan(0, MatrixKeyBytes.Write(prefix, target, buffer)).ToArray();

        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(MatrixKernel.MatrixKey(target)), written);
    }
}
