using System.Text;
using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;

namespace KmodForge.Tests.Kernels;

public sealed class KernelCrawlerReaderTests
{
    private static (List<CrawlerEntry> Entries, SkipSummary Skips) Read(string json, int chunk = int.MaxValue)
    {
        var entries = new List<CrawlerEntry>();
        var skips = new SkipSummary();
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(json), chunk);
        KernelCrawlerReader.Read(stream, "test.json", entries.Add, skips);
        return (entries, skips);
    }

    [Fact]
    public void Reads_the_old_schema_with_display_name_keys_and_integer_kernelversion()
    {
        var (entries, skips) = Read("""
            {"AmazonLinux2": [{"kernelversion": 1, "kernelrelease": "5.10.118-111.515.amzn2.x86_64", "target": "amazonlinux2",
                               "headers": ["http://amazonlinux.us-east-1.amazonaws.com/2/x/../blobstore/kernel-devel.rpm"]}],
             "Ubuntu": [{"kernelversion": "204", "kernelrelease": "4.15.0-193-generic", "target": "ubuntu-generic", "headers": []}],
             "Minikube": [{"kernelversion": "1_1.25.0", "kernelrelease": "4.19.202", "target": "minikube", "kernelconfigdata": "IyBDT05GSUdf"}]}
            """);

        Assert.Equal(0, skips.Total);
        Assert.Equal(3, entries.Count);
        Assert.Equal(new CrawlerEntry("AmazonLinux2", "1", "5.10.118-111.515.amzn2.x86_64", "amazonlinux2", entries[0].Headers), entries[0]);
        Assert.Single(entries[0].Headers);
        Assert.Equal("ubuntu-generic", entries[1].Target);
        Assert.Empty(entries[2].Headers);
    }

    [Fact]
    public void Reads_the_new_schema_with_os_release_keys()
    {
        var (entries, skips) = Read("""
            {"amazonlinux2023": [{"kernelversion": "1", "kernelrelease": "6.1.97-104.177.amzn2023.x86_64", "target": "amazonlinux2023", "headers": ["https://cdn.amazonlinux.com/al2023/k.rpm"]}],
             "ubuntu": [{"kernelversion": "22~24.04.1", "kernelrelease": "6.14.0-1021-gcp", "target": "ubuntu-gcp", "headers": ["https://a/b.deb"]}]}
            """);

        Assert.Equal(0, skips.Total);
        Assert.Equal(["amazonlinux2023", "ubuntu"], entries.Select(e => e.DistroKey));
        Assert.Equal("22~24.04.1", entries[1].KernelVersion);
    }

    [Theory]
    [InlineData("""{"kernelversion": "1", "kernelrelease": 5, "target": "debian"}""", SkipReason.WrongType)]
    [InlineData("""{"kernelversion": "1", "kernelrelease": {"a": [1, 2]}, "target": "debian"}""", SkipReason.WrongType)]
    [InlineData("""{"kernelversion": true, "kernelrelease": "6.1.0-28-amd64", "target": "debian"}""", SkipReason.WrongType)]
    [InlineData("""{"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian", "headers": "https://a/b.deb"}""", SkipReason.WrongType)]
    [InlineData("""{"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian", "headers": [1]}""", SkipReason.WrongType)]
    [InlineData("""{"kernelversion": "1", "target": "debian"}""", SkipReason.MissingField)]
    [InlineData("""{"kernelrelease": "6.1.0-28-amd64", "target": "debian"}""", SkipReason.MissingField)]
    [InlineData("""{"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64"}""", SkipReason.MissingField)]
    [InlineData("""{"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian", "flavour": "rt"}""", SkipReason.UnknownKey)]
    [InlineData("""{"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian", "target": "ubuntu"}""", SkipReason.UnknownKey)]
    [InlineData("""[1, 2]""", SkipReason.NotAnObject)]
    [InlineData("""null""", SkipReason.NotAnObject)]
    public void Malformed_entries_are_skipped_with_a_reason_and_the_rest_is_read(string bad, SkipReason reason)
    {
        var (entries, skips) = Read($$"""
            {"Debian": [{"kernelversion": 1, "kernelrelease": "6.1.0-27-amd64", "target": "debian"}, {{bad}},
                        {"kernelversion": 1, "kernelrelease": "6.1.0-28-amd64", "target": "debian"}]}
            """);

        Assert.Equal(["6.1.0-27-amd64", "6.1.0-28-amd64"], entries.Select(e => e.KernelRelease));
        Assert.Equal(1, skips.Total);
        Assert.Equal(1, skips[reason]);
        Assert.Single(skips.Examples(reason));
    }

    [Fact]
    public void A_distro_key_that_is_not_an_array_is_counted_naming_what_it_is()
    {
        var (entries, skips) = Read("""{"CentOS": {"x": 1}, "Fedora": 3, "Debian": [{"kernelversion": 1, "kernelrelease": "6.1.0-28-amd64", "target": "debian"}]}""");
        Assert.Single(entries);
        Assert.Equal(2, skips[SkipReason.NotAnArray]);
        Assert.Equal(["$.'CentOS' is an object, not an array", "$.'Fedora' is a number, not an array"], skips.Examples(SkipReason.NotAnArray));
    }

    [Fact]
    public void Wrong_types_name_the_token_found()
    {
        var (_, skips) = Read("""{"Debian": [{"kernelversion": 1, "kernelrelease": {"a": 1}, "target": "debian"}, "x"]}""");
        Assert.Contains("\"kernelrelease\" is an object, expected a string", skips.Examples(SkipReason.WrongType)[0], StringComparison.Ordinal);
        Assert.Equal("an entry under 'Debian' is a string, not an object", skips.Examples(SkipReason.NotAnObject)[0]);
    }

    [Fact]
    public void The_count_read_includes_entries_skipped_for_their_shape()
    {
        var skips = new SkipSummary();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("""{"Ubuntu": 1, "Debian": [null, {"kernelversion": 1}, {"kernelversion": 1, "kernelrelease": "6.1.0-28-amd64", "target": "debian"}]}"""));
        var well = 0;

        var seen = KernelCrawlerReader.Read(stream, "test.json", _ => well++, skips);

        Assert.Equal((4, 1, 3), (seen, well, skips.Total));
    }

    [Fact]
    public void Invalid_json_names_one_1_based_line_and_column()
    {
        var e = Assert.Throws<KernelListFormatException>(() => Read("{\n  \"Ubuntu\": [\n    {\"kernelversion\": 1,}]}", chunk: 7));
        Assert.StartsWith("test.json: 3:25: is not valid JSON: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{\"Ubuntu\": [")]
    [InlineData("{\"Ubuntu\": [{\"kernelversion\": 1,}]}")]
    [InlineData("")]
    public void A_file_that_is_not_a_crawler_object_is_an_error(string json)
    {
        Assert.Throws<KernelListFormatException>(() => Read(json));
    }

    [Fact]
    public void Streams_across_tiny_reads_and_entries_larger_than_the_buffer()
    {
        var big = new string('a', 200_000);
        var sb = new StringBuilder("{\"Ubuntu\": [");
        for (var i = 0; i < 2000; i++)
        {
            sb.Append(i == 0 ? string.Empty : ",");
            sb.Append($$"""{"kernelversion": "{{i}}", "kernelrelease": "5.15.0-{{i}}-generic", "target": "ubuntu-generic", "headers": ["https://h/{{(i == 1000 ? big : "x")}}.deb"]}""");
        }

        sb.Append("], \"Fedora\": []}");

        var (entries, skips) = Read(sb.ToString(), chunk: 977);

        Assert.Equal(0, skips.Total);
        Assert.Equal(2000, entries.Count);
        Assert.Equal("5.15.0-1999-generic", entries[^1].KernelRelease);
        Assert.Equal("https://h/".Length + 200_000 + ".deb".Length, entries[1000].Headers[0].Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(64)]
    public void An_entry_the_buffer_ends_inside_is_read_again_whole_and_counted_once(int chunk)
    {
        // Entries are read once, as the buffer holds them: cut at every byte, each is read (and each problem counted)
        // exactly as from the whole file.
        const string json = """
            {"Debian": [{"kernelversion": 1, "kernelrelease": "6.1.0-27-amd64", "target": "debian", "headers": ["https://a/1.deb", "https://a/2.deb"]},
                        {"kernelversion": "1", "kernelrelease": {"a": [1, {"b": 2}]}, "target": "debian"}, [1, [2]], null, "x",
                        {"kernelversion": "1", "kernelrelease": "6.1.0-28-amd64", "target": "debian", "flavour": {"rt": [true]}},
                        {"kernelversion": "1", "kernelrelease": "6.1.0-29-amd64", "target": "debian", "headers": [1, {"u": "v"}, "https://a/3.deb"]},
                        {"kernelversion": "1", "kernelrelease": "6.1.0-30-amd64", "target": "debian", "headers": "https://a/4.deb"},
                        {"kernelversion": 2, "kernelrelease": "6.1.0-31-amd64", "target": "debian", "kernelconfigdata": {"x": ["IyBD"]}},
                        {"kernelrelease": "6.1.0-32-amd64"}],
             "Fedora": {"x": [1, 2]}, "Ubuntu": 3}
            """;
        var (whole, wholeSkips) = Read(json);

        var (entries, skips) = Read(json, chunk);

        Assert.Equal(["6.1.0-27-amd64", "6.1.0-31-amd64"], whole.Select(e => e.KernelRelease));
        Assert.Equal(10, wholeSkips.Total);
        Assert.Equal(whole.Select(e => (e.DistroKey, e.KernelVersion, e.KernelRelease, e.Target, string.Join(' ', e.Headers))),
            entries.Select(e => (e.DistroKey, e.KernelVersion, e.KernelRelease, e.Target, string.Join(' ', e.Headers))));
        Assert.Equal(wholeSkips.ByDetail, skips.ByDetail);
        Assert.All(Enum.GetValues<SkipReason>(), r => Assert.Equal(wholeSkips.Examples(r), skips.Examples(r)));
    }

    [Fact]
    public void Targets_are_read_as_their_text_whether_repeated_escaped_or_past_the_remembered_ones()
    {
        // A target's string is made once and handed out again for the same text; past 32 targets each is made anew.
        var json = new StringBuilder("""{"ubuntu": [""");
        for (var i = 0; i < 80; i++)
        {
            var target = i % 2 == 0 ? "ubuntu-generic" : $"ubuntu-t{i}";
            json.Append(i == 0 ? string.Empty : ",").Append($$"""{"kernelversion": "1", "kernelrelease": "6.8.0-{{i}}-generic", "target": "{{target}}", "headers": ["https://a/{{i}}.deb"]}""");
        }

        json.Append(""", {"kernelversion": "1", "kernelrelease": "6.8.0-99-generic", "target": "ubuntu\u002Dgeneric"}]}""");
        var (entries, skips) = Read(json.ToString(), chunk: 7);

        Assert.Equal(0, skips.Total);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => i % 2 == 0 ? "ubuntu-generic" : $"ubuntu-t{i}").Append("ubuntu-generic"), entries.Select(e => e.Target));
        Assert.Same(entries[0].Target, entries[78].Target);
        Assert.Same(entries[0].Target, entries[80].Target);
        Assert.Equal(Enumerable.Range(0, 80).Select(i => $"https://a/{i}.deb"), entries.Take(80).Select(e => Assert.Single(e.Headers)));
        Assert.Empty(entries[80].Headers);
    }

    /// <summary>A stream that hands out at most N bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
