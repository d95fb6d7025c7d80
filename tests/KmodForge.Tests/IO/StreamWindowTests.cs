using KmodForge.IO;

namespace KmodForge.Tests.IO;

public sealed class StreamWindowTests
{
    [Fact]
    public void Keeps_the_unread_bytes_in_order_and_says_when_the_stream_ended()
    {
        var data = Enumerable.Range(0, 300_000).Select(i => (byte)(i % 251)).ToArray();
        using var window = new StreamWindow(new MemoryStream(data), 16);
        var seen = new List<byte>();

        // Consume half of what is there each time: the rest moves to the front.
        while (!window.Final || window.Unread.Length > 0)
        {
            Assert.True(window.Fill(1 << 20));
            var half = (window.Unread.Length + 1) / 2;
            seen.AddRange(window.Unread[..half].ToArray());
            window.Consume(half);
        }

        Assert.Equal(data, seen);
    }

    [Fact]
    public void Grows_for_a_unit_that_fills_it_up_to_the_limit_the_caller_gives()
    {
        using var window = new StreamWindow(new MemoryStream(new byte[100_000]), 16);

        while (window.Fill(64 * 1024))
        {
            // Nothing consumed: one unit that never ends.
        }

        Assert.False(window.Final);
        Assert.True(window.Unread.Length >= 64 * 1024);
    }
}
