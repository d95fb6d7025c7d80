using System.Text;
using KmodForge.Kernels;
using KmodForge.Targets;

namespace KmodForge.Tests.Kernels;

public sealed class KernelListTests
{
    private static KernelEntry Entry(string target, string release, string? version = null, params string[] headers) =>
        new(target, release, version, headers);

    [Fact]
    public void Repository_kernels_json_round_trips_to_the_same_bytes_and_validates()
    {
        var path = Path.Combine(RepoPaths.Root, "kernels.json");
        var bytes = File.ReadAllBytes(path);
        var list = KernelListJson.Read(path);

        Assert.True(list.Count >= 3);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(KernelListJson.ToBytes(list)));
        Assert.Empty(list.Validate());
    }

    [Fact]
    public void Same_content_in_any_order_gives_the_same_bytes()
    {
        var a = new KernelList();
        var b = new KernelList();
        var entries = new[]
        {
            (Architecture.X86_64, Entry("debian", "6.1.0-10-amd64", "12")),
            (Architecture.X86_64, Entry("debian", "6.1.0-9-amd64", "12")),
            (Architecture.X86_64, Entry("amazonlinux", "6.12.58-82.121.amzn2023.x86_64", "2023")),
            (Architecture.Aarch64, Entry("fedora", "6.14.0-63.fc42.aarch64", "42", "https://example.org/k.rpm")),
        };
        foreach (var (arch, e) in entries)
        {
            a.Add(arch, e);
        }

        foreach (var (arch, e) in entries.Reverse())
        {
            b.Add(arch, e);
        }

        Assert.Equal(KernelListJson.ToBytes(a), KernelListJson.ToBytes(b));
        var text = Encoding.UTF8.GetString(KernelListJson.ToBytes(a));
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf("6.1.0-9-amd64", StringComparison.Ordinal) < text.IndexOf("6.1.0-10-amd64", StringComparison.Ordinal), "natural version order");
        Assert.True(text.IndexOf("amazonlinux", StringComparison.Ordinal) < text.IndexOf("debian", StringComparison.Ordinal), "ordered by target");
        Assert.Equal(KernelListJson.ToBytes(a), KernelListJson.ToBytes(KernelListJson.Parse(KernelListJson.ToBytes(a), "test")));
    }

    [Fact]
    public void Adding_a_duplicate_returns_false_and_keeps_one_entry()
    {
        var list = new KernelList();
        Assert.True(list.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12")));
        Assert.False(list.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12")));
        Assert.False(list.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64")), "a missing distroversion is derived, so this is the same kernel");
        Assert.True(list.Add(Architecture.Aarch64, Entry("debian", "6.1.0-28-arm64", "12")));
        Assert.Equal(2, list.Count);
    }

    [Fact]
    public void Adding_headers_to_a_listed_kernel_updates_it()
    {
        var list = new KernelList();
        list.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12"));
        Assert.True(list.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12", "https://deb.debian.org/a.deb")));
        Assert.Equal(["https://deb.debian.org/a.deb"], list[Architecture.X86_64][0].Headers);
    }

    [Fact]
    public void Merge_counts_only_changes()
    {
        var a = new KernelList();
        a.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12"));
        var b = new KernelList();
        b.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12"));
        b.Add(Architecture.X86_64, Entry("debian", "6.1.0-29-amd64", "12"));
        Assert.Equal(1, a.Merge(b));
        Assert.Equal(2, a.Count);
    }

    [Theory]
    [InlineData("[]", "$")]
    [InlineData("{\"sparc\": []}", "$")]
    [InlineData("{\"x86_64\": {}}", "$.x86_64")]
    [InlineData("{\"x86_64\": [1]}", "$.x86_64[0]")]
    [InlineData("{\"x86_64\": [{\"target\": \"debian\"}]}", "$.x86_64[0]")]
    [InlineData("{\"x86_64\": [{\"target\": 5, \"kernelrelease\": \"6.1.0-28-amd64\"}]}", "$.x86_64[0].target")]
    [InlineData("{\"x86_64\": [{\"target\": \"debian\", \"kernelrelease\": \"6.1.0-28-amd64\", \"flavour\": \"x\"}]}", "$.x86_64[0].flavour")]
    [InlineData("{\"x86_64\": [{\"target\": \"debian\", \"kernelrelease\": \"6.1.0-28-amd64\", \"headers\": [\"https://a\", 3]}]}", "$.x86_64[0].headers[1]")]
    [InlineData("{\"x86_64\": [{\"target\": \"debian\", \"target\": \"debian\", \"kernelrelease\": \"6.1.0-28-amd64\"}]}", "$.x86_64[0].target")]
    public void Malformed_kernel_lists_are_rejected_with_the_json_path(string json, string path)
    {
        var e = Assert.Throws<KernelListFormatException>(() => KernelListJson.Parse(Encoding.UTF8.GetBytes(json), "kernels.json"));
        Assert.Equal(path, e.JsonPath);
        Assert.StartsWith("kernels.json: " + path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_names_one_1_based_line_and_column()
    {
        var e = Assert.Throws<KernelListFormatException>(() => KernelListJson.Parse("{\n\"x86_64\": [,]}"u8, "kernels.json"));
        Assert.StartsWith("kernels.json: 2:12: is not valid JSON: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_names_the_entry_path_field_and_value()
    {
        var list = KernelListJson.Parse("""
            {"x86_64": [
              {"target": "debian", "kernelrelease": "6.1.0-28-amd64", "distroversion": "12"},
              {"target": "debian", "kernelrelease": "6.1.0-28-amd64;reboot", "distroversion": "12"},
              {"target": "slackware", "kernelrelease": "6.1.0-28"},
              {"target": "fedora", "kernelrelease": "6.14.0-63.fc42.x86_64", "headers": ["file:///etc/passwd"]}
            ]}
            """u8, "kernels.json");

        var errors = list.Validate();

        Assert.Contains(errors, e => e.Field.EndsWith(".kernelrelease", StringComparison.Ordinal) && e.Value == "6.1.0-28-amd64;reboot");
        Assert.Contains(errors, e => e.Field.EndsWith(".target", StringComparison.Ordinal) && e.Value == "slackware");
        Assert.Contains(errors, e => e.Field.EndsWith(".headers[0]", StringComparison.Ordinal) && e.Value == "file:///etc/passwd");
        Assert.All(errors, e => Assert.StartsWith("$.x86_64[", e.Field, StringComparison.Ordinal));
        Assert.Equal("42", list[Architecture.X86_64].Single(e => e.Target == "fedora").DistroVersion);
    }

    [Fact]
    public void Write_is_atomic_and_leaves_no_temporary_files()
    {
        var dir = Directory.CreateTempSubdirectory("kmodforge-kernels-");
        try
        {
            var path = Path.Combine(dir.FullName, "kernels.json");
            var list = new KernelList();
            list.Add(Architecture.X86_64, Entry("debian", "6.1.0-28-amd64", "12"));
            KernelListJson.Write(list, path);
            KernelListJson.Write(list, path);

            Assert.Equal(["kernels.json"], dir.GetFiles().Select(f => f.Name));
            Assert.Equal(KernelListJson.ToBytes(list), File.ReadAllBytes(path));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("6.1.0-9", "6.1.0-10")]
    [InlineData("5.4.0", "5.10.0")]
    [InlineData("6.1.0-009", "6.1.0-10")]
    [InlineData("6.1", "6.1.0")]
    [InlineData("abc", "abd")]
    public void Natural_order_compares_digit_runs_as_numbers(string lower, string higher)
    {
        Assert.True(NaturalVersionComparer.Instance.Compare(lower, higher) < 0);
        Assert.True(NaturalVersionComparer.Instance.Compare(higher, lower) > 0);
    }
}
