using System.Diagnostics;
using System.Net;

namespace KmodForge.Bench.Service;

/// <summary>The figures of one load run.</summary>
public sealed record LoadResult(int Requests, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs, IReadOnlyDictionary<HttpStatusCode, int> Statuses)
{
    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public override string ToString() =>
        $"{Requests} requests in {Elapsed.TotalSeconds:0.00} s: {RequestsPerSecond:0} req/s, p50 {P50Ms:0.00} ms, p99 {P99Ms:0.00} ms, max {MaxMs:0.00} ms; " +
        string.Join(", ", Statuses.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}"));
}

/// <summary>
/// A closed-loop load generator: <c>workers</c> concurrent loops, each sending its next request when the previous
/// answer arrived, until <c>count</c> requests are done or <c>duration</c> has passed.
/// </summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(HttpClient client, Func<HttpRequestMessage> request, int workers, int count, TimeSpan duration)
    {
        var issued = 0;
        var latencies = new List<double>[workers];
        var statuses = new Dictionary<HttpStatusCode, int>[workers];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async w =>
        {
            var mine = latencies[w] = new List<double>(count / workers + 1);
            var codes = statuses[w] = [];
            while (!stop.IsCancellationRequested && Interlocked.Increment(ref issued) <= count)
            {
                using var message = request();
                var start = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(message, HttpCompletionOption.ResponseContentRead);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                codes[response.StatusCode] = codes.GetValueOrDefault(response.StatusCode) + 1;
            }
        }));
        clock.Stop();

        var all = latencies.SelectMany(l => l).Order().ToArray();
        var merged = statuses.SelectMany(s => s).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        return new LoadResult(all.Length, clock.Elapsed, Percentile(all, 0.50), Percentile(all, 0.99), all.Length == 0 ? 0 : all[^1], merged);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
