using System.Diagnostics.Metrics;
using KmodForge.Diagnostics;
using KmodForge.Storage.S3;

namespace KmodForge.Tests.Diagnostics;

public sealed class ClientCallMetricsTests
{
    [Fact]
    public void Every_translated_s3_failure_is_counted_with_its_service_and_action_and_no_key()
    {
        var seen = new List<(long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ClientCallMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var map = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                map[tag.Key] = tag.Value;
            }

            lock (seen)
            {
                seen.Add((value, map));
            }
        });
        listener.Start();

        var error = S3Errors.Translate(new IOException("connection reset"), "s3 bucket kmodforge", "download", "images/debian-12-secret-key.tar");

        Assert.Contains("cannot reach the store", error.Message, StringComparison.Ordinal);
        lock (seen)
        {
            // Other tests may fail S3 calls at the same time: this one's count is among them, and no count carries a key.
            Assert.Contains(seen, s => s.Value == 1 && Equals(s.Tags.GetValueOrDefault("service"), "s3") && Equals(s.Tags.GetValueOrDefault("action"), "download"));
            Assert.All(seen, s => Assert.Equal(["action", "service"], s.Tags.Keys.Order()));
            Assert.DoesNotContain(seen, s => s.Tags.Values.Any(v => v?.ToString()?.Contains("secret", StringComparison.Ordinal) == true));
        }
    }
}
