using KmodForge.Headers.Rpm;
using KmodForge.Net;
using KmodForge.Targets;

namespace KmodForge.Headers.Koji;

/// <summary>
/// kernel-devel from a Koji build system (Fedora's hub; CentOS Stream's hub, which the seed calls "cbs"): getRPM with
/// the exact N-V-R.A, getBuild for the build's volume (archived builds live under <c>/vol/&lt;name&gt;</c>), then a
/// download checked against Koji's size and payloadhash.
/// </summary>
public sealed class KojiHeaderSource(HttpClient http, HeaderSourceSettings settings) : IHeaderSource
{
    public HeaderSourceKind Kind => HeaderSourceKind.Koji;

    public async Task<HeaderSourceAnswer> ResolveAsync(BuildTarget target, string baseImage, CancellationToken cancellationToken)
    {
        var (hub, topUrl) = Endpoints(target.Distribution);
        if (hub is null || topUrl is null)
        {
            return HeaderSourceAnswer.NotFound(Kind, "-", $"{target.Distribution.Id} has no Koji hub");
        }

        var package = KernelDevelPackage.For(target);
        var asked = $"getRPM({package.Nvra}) at {RetryHandler.Redact(hub)}";
        var client = new KojiClient(http, hub);
        KojiRpm? rpm;
        KojiBuild? build;
        try
        {
            rpm = await client.GetRpmAsync(package.Nvra, cancellationToken).ConfigureAwait(false);
            build = rpm is null ? null : await client.GetBuildAsync(rpm.BuildId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or XmlRpcFaultException or FormatException or TimeoutException or System.Xml.XmlException)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, e.Message);
        }

        if (rpm is null)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, "no such rpm (getRPM returned nil)");
        }

        if (build is null || build.State != 1)
        {
            return HeaderSourceAnswer.NotFound(Kind, asked, build is null ? $"build {rpm.BuildId} not found" : $"build {build.Id} is not complete (state {build.State})");
        }

        var url = KojiClient.RpmUrl(topUrl, build, rpm);
        var download = new HeaderDownload(url, package.FileName, rpm.Size, RpmSigMd5: rpm.PayloadHash);
        var volume = build.VolumeName is null or "DEFAULT" ? string.Empty : $" (volume {build.VolumeName})";
        return HeaderSourceAnswer.Found(new HeaderPlan(Kind, [package.FileName],
            UrlHeaderSource.LocalInstallScript(target, $"{HeaderPlan.DownloadDirectory}/{package.FileName}"),
            $"koji: {package.Nvra} from build {build.Name}-{build.Version}-{build.Release}{volume}") { Downloads = [download] }, asked);
    }

    private (Uri? Hub, Uri? TopUrl) Endpoints(Distribution distribution)
    {
        if (distribution.Koji is null)
        {
            return (null, null);
        }

        var (hub, topUrl) = settings.KojiEndpoints(distribution);
        return (HttpUrls.Require(hub, "koji-hub"), HttpUrls.Require(topUrl, "koji-topurl"));
    }
}
