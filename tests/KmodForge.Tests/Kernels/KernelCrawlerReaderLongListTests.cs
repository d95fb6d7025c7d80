using System.Text;
using KmodForge.Kernels;
using KmodForge.Kernels.Crawler;

namespace KmodForge.Tests.Kernels;

/// <summary>Long lists: entries in file order and counted, and a failure (the file's, the callback's, a cancellation) as itself.</summary>
public sealed class KernelCrawlerReaderLongListTests
{
    private static string List(int entries, string tail = "")
    {
        var json = new StringBuilder("""{"ubuntu": [""");
        for (var i = 0; i < entries; i++)
        {
            json.Append(i == 0 ? string.Empty : ",").Append(i % 7 == 3
                ? """{"kernelrelease": "6.8.0-1-generic", "target": "ubuntu-generic"}"""
                : $$"""{"kernelversion": "{{i}}", "kernelrelease": "6.8.0-{{i}}-generic", "target": "ubuntu-generic", "headers": []}""");
        }

        return json.Append(tail).Append("]}").ToString();
    }

    [Fact]
    public void Hands_over_every_entry_in_file_order_across_many_batches()
    {
        var entries = new List<CrawlerEntry>();
        var skips = new SkipSummary();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(List(5000)));

        var seen = KernelCrawlerReader.Read(stream, "test.json", entries.Add, skips);

        Assert.Equal(5000, seen);
        var expected = Enumerable.Range(0, 5000).Where(i => i % 7 != 3).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected, entries.Select(e => e.KernelVersion));
        Assert.Equal(5000 - entries.Count, skips[SkipReason.MissingField]);
        Assert.Equal(5000 - entries.Count, skips.Total);
    }

    [Fact]
    public void A_parse_error_after_thousands_of_entries_is_the_same_error_once_they_were_handed_over()
    {
        var entries = new List<CrawlerEntry>();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(List(3000, tail: ", {\"target\": ")));

        var e = Assert.Throws<KernelListFormatException>(() => KernelCrawlerReader.Read(stream, "test.json", entries.Add, new SkipSummary()));

        Assert.Contains("test.json", e.Message, StringComparison.Ordinal);
        Assert.Equal(3000 - 3000 / 7 - (3000 % 7 > 3 ? 1 : 0), entries.Count);
    }

    [Fact]
    public void A_failing_callback_stops_the_parse_and_its_exception_comes_out()
    {
        var calls = 0;
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(List(20000)));

        var e = Assert.Throws<InvalidOperationException>(() => KernelCrawlerReader.Read(stream, "test.json", _ =>
        {
            if (++calls == 1000)
            {
                throw new InvalidOperationException("mapper failed");
            }
        }, new SkipSummary()));

        Assert.Equal("mapper failed", e.Message);
        Assert.Equal(1000, calls);
    }

    [Fact]
    public void Cancellation_comes_out_as_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(List(20000)));
        var calls = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => KernelCrawlerReader.Read(stream, "test.json", _ =>
        {
            if (++calls == 100)
            {
                cancel.Cancel();
            }
        }, new SkipSummary(), cancel.Token));
    }
}
