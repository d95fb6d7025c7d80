using System.Text;
using KmodForge.Net;

namespace KmodForge.Headers.Koji;

/// <summary>An RPM as Koji's getRPM answers (the fields the download needs).</summary>
public sealed record KojiRpm(long Id, string Name, string Version, string Release, string Arch, long BuildId, long Size, string? PayloadHash);

/// <summary>A build as Koji's getBuild answers. <see cref="VolumeName"/> is set for builds moved to an archive volume.</summary>
public sealed record KojiBuild(long Id, string Name, string Version, string Release, int State, string? VolumeName);

/// <summary>
/// A read-only, anonymous client of a Koji hub's XML-RPC API: the calls behind <c>koji download-build --rpm</c>
/// (getRPM with the N-V-R.A name, then getBuild for the build's volume). HTTP goes through
/// <see cref="RetryHandler"/>: timeouts, bounded retries with backoff, cancellation.
/// </summary>
public sealed class KojiClient(HttpClient http, Uri hub)
{
    /// <summary>The RPM named <paramref name="nvra"/> (e.g. <c>kernel-devel-6.14.0-63.fc42.x86_64</c>), or null when Koji has none.</summary>
    public async Task<KojiRpm?> GetRpmAsync(string nvra, CancellationToken cancellationToken)
    {
        var value = await CallAsync("getRPM", [nvra], cancellationToken).ConfigureAwait(false);
        if (value is not Dictionary<string, object?> rpm)
        {
            return null;
        }

        return new KojiRpm(Long(rpm, "id"), Str(rpm, "name"), Str(rpm, "version"), Str(rpm, "release"), Str(rpm, "arch"),
            Long(rpm, "build_id"), Long(rpm, "size"), rpm.GetValueOrDefault("payloadhash") as string);
    }

    public async Task<KojiBuild?> GetBuildAsync(long buildId, CancellationToken cancellationToken)
    {
        var value = await CallAsync("getBuild", [buildId <= int.MaxValue ? (int)buildId : buildId], cancellationToken).ConfigureAwait(false);
        if (value is not Dictionary<string, object?> build)
        {
            return null;
        }

        return new KojiBuild(Long(build, "id"), Str(build, "name"), Str(build, "version"), Str(build, "release"),
            (int)Long(build, "state"), build.GetValueOrDefault("volume_name") as string);
    }

    /// <summary>
    /// The download URL of an RPM of a build, per Koji's PathInfo: <c>topurl[/vol/&lt;volume&gt;]/packages/&lt;build name&gt;/&lt;version&gt;/&lt;release&gt;/&lt;arch&gt;/&lt;N-V-R.A&gt;.rpm</c>.
    /// </summary>
    public static Uri RpmUrl(Uri topUrl, KojiBuild build, KojiRpm rpm)
    {
        var volume = build.VolumeName is null or "DEFAULT" ? string.Empty : "/vol/" + Uri.EscapeDataString(build.VolumeName);
        var path = $"{volume}/packages/{Seg(build.Name)}/{Seg(build.Version)}/{Seg(build.Release)}/{Seg(rpm.Arch)}/{Seg($"{rpm.Name}-{rpm.Version}-{rpm.Release}.{rpm.Arch}.rpm")}";
        return new Uri(topUrl.AbsoluteUri.TrimEnd('/') + path);
    }

    private async Task<object?> CallAsync(string method, object?[] parameters, CancellationToken cancellationToken)
    {
        using var content = new StringContent(XmlRpc.Request(method, parameters), Encoding.UTF8, "text/xml");
        using var request = new HttpRequestMessage(HttpMethod.Post, hub) { Content = new ByteArrayContent(await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)) };
        request.Content.Headers.ContentType = content.Headers.ContentType;
        request.Headers.UserAgent.ParseAdd("koji/1 kmodforge");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Koji hub {RetryHandler.Redact(hub)} answered HTTP {(int)response.StatusCode} to {method}", null, response.StatusCode);
        }

        return XmlRpc.ParseResponse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    private static string Seg(string value) => Uri.EscapeDataString(value);

    private static string Str(Dictionary<string, object?> map, string key) =>
        map.GetValueOrDefault(key) as string ?? throw new FormatException($"Koji answer has no string '{key}'");

    private static long Long(Dictionary<string, object?> map, string key) => map.GetValueOrDefault(key) switch
    {
        int i => i,
        long l => l,
        _ => throw new FormatException($"Koji answer has no integer '{key}'"),
    };
}
