using System.Diagnostics.Metrics;

namespace KmodForge.Diagnostics;

/// <summary>
/// Failed calls to the services KmodForge's clients talk to (GitHub, S3), counted on the <see cref="MeterName"/> meter
/// after the clients' own retries: one count per failure a caller sees. The build service exports them on
/// <c>/metrics</c>; elsewhere nobody listens and a count costs nothing.
/// </summary>
public static class ClientCallMetrics
{
    public const string MeterName = "KmodForge.Clients";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> Failures = Meter.CreateCounter<long>(
        "kmodforge.client.call.failures", unit: "{call}", description: "Calls to GitHub or S3 that failed after the client's retries");

    public static void GitHubFailed(string action) => Failures.Add(1, new("service", "github"), new("action", Action(action)));

    public static void S3Failed(string operation) => Failures.Add(1, new("service", "s3"), new("action", Action(operation)));

    /// <summary>The action's first two words (<c>list runs</c>, <c>download</c>): few distinct values, no names or keys.</summary>
    private static string Action(string action) =>
        string.Join(' ', action.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2));
}
