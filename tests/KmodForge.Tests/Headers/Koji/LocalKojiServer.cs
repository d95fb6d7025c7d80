using System.Globalization;
using System.Xml.Linq;
using KmodForge.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace KmodForge.Tests.Headers.Koji;

/// <summary>
/// A Koji hub on 127.0.0.1 answering getRPM and getBuild over XML-RPC with Koji's real response shapes (structs with
/// <c>i8</c> ids, <c>nil</c> for missing objects and absent epochs, faults for malformed names), and serving the files
/// under <c>/kojifiles</c> the way kojipkgs lays them out (volumes under <c>/vol/&lt;name&gt;</c>).
/// </summary>
public sealed class LocalKojiServer : IAsyncDisposable
{
    private readonly Dictionary<string, (long Id, long BuildId, string Name, string Version, string Release, string Arch, long Size, string PayloadHash)> rpms = [];
    private readonly Dictionary<long, (string Name, string Version, string Release, string? Volume)> builds = [];
    private readonly Dictionary<string, byte[]> files = [];
    private LocalHttpServer? server;

    public int HubFailuresToServe { get; set; }

    public int HubCalls { get; private set; }

    public Uri Hub => new(server!.BaseAddress, "kojihub");

    public Uri TopUrl => new(server!.BaseAddress, "kojifiles");

    public static async Task<LocalKojiServer> StartAsync()
    {
        var koji = new LocalKojiServer();
        koji.server = await LocalHttpServer.StartAsync(koji.HandleAsync);
        return koji;
    }

    /// <summary>Publishes an RPM file as part of a build of source package <paramref name="buildName"/>.</summary>
    public void AddRpm(string rpmPath, string buildName, string version, string release, string arch, string payloadHash, string? volume = null, byte[]? servedBytes = null)
    {
        var name = Path.GetFileName(rpmPath)[..^$"-{version}-{release}.{arch}.rpm".Length];
        var buildId = 2_600_000L + builds.Count;
        builds[buildId] = (buildName, version, release, volume);
        var bytes = File.ReadAllBytes(rpmPath);
        rpms[$"{name}-{version}-{release}.{arch}"] = (4_398_046_511_104L + rpms.Count, buildId, name, version, release, arch, bytes.Length, payloadHash);
        var vol = volume is null ? string.Empty : $"/vol/{volume}";
        files[$"/kojifiles{vol}/packages/{buildName}/{version}/{release}/{arch}/{Path.GetFileName(rpmPath)}"] = servedBytes ?? bytes;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/kojifiles"))
        {
            if (files.TryGetValue(context.Request.Path.Value!, out var bytes))
            {
                context.Response.ContentLength = bytes.Length;
                if (!HttpMethods.IsHead(context.Request.Method))
                {
                    await context.Response.Body.WriteAsync(bytes);
                }
            }
            else
            {
                context.Response.StatusCode = 404;
            }

            return;
        }

        HubCalls++;
        if (HubFailuresToServe > 0)
        {
            HubFailuresToServe--;
            context.Response.StatusCode = 503;
            return;
        }

        var call = XDocument.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
        var method = call.Root!.Element("methodName")!.Value;
        var param = call.Root.Element("params")!.Element("param")!.Element("value")!;
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(method switch
        {
            "getRPM" => GetRpm(param.Value),
            "getBuild" => GetBuild(long.Parse(param.Value, CultureInfo.InvariantCulture)),
            _ => Fault(1000, $"koji.GenericError: Invalid method: {method}"),
        });
    }

    private string GetRpm(string nvra)
    {
        if (!nvra.Contains('.', StringComparison.Ordinal))
        {
            return Fault(1000, $"koji.GenericError: invalid format: {nvra}");
        }

        if (!rpms.TryGetValue(nvra, out var r))
        {
            return Response("<nil/>");
        }

        return Response($"<struct>{Member("id", $"<i8>{r.Id}</i8>")}{Member("build_id", $"<int>{r.BuildId}</int>")}{Member("name", Str(r.Name))}"
            + $"{Member("version", Str(r.Version))}{Member("release", Str(r.Release))}{Member("arch", Str(r.Arch))}{Member("epoch", "<nil/>")}"
            + $"{Member("size", $"<int>{r.Size}</int>")}{Member("payloadhash", Str(r.PayloadHash))}{Member("external_repo_id", "<int>0</int>")}"
            + $"{Member("external_repo_name", Str("INTERNAL"))}{Member("metadata_only", "<boolean>0</boolean>")}{Member("extra", "<nil/>")}</struct>");
    }

    private string GetBuild(long id)
    {
        if (!builds.TryGetValue(id, out var b))
        {
            return Response("<nil/>");
        }

        return Response($"<struct>{Member("id", $"<int>{id}</int>")}{Member("build_id", $"<int>{id}</int>")}{Member("name", Str(b.Name))}{Member("package_name", Str(b.Name))}"
            + $"{Member("version", Str(b.Version))}{Member("release", Str(b.Release))}{Member("epoch", "<nil/>")}{Member("nvr", Str($"{b.Name}-{b.Version}-{b.Release}"))}"
            + $"{Member("state", "<int>1</int>")}{Member("volume_id", $"<int>{(b.Volume is null ? 0 : 2)}</int>")}{Member("volume_name", Str(b.Volume ?? "DEFAULT"))}</struct>");
    }

    private static string Str(string s) => $"<string>{System.Security.SecurityElement.Escape(s)}</string>";

    private static string Member(string name, string value) => $"<member><name>{name}</name><value>{value}</value></member>";

    private static string Response(string value) => $"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value>{value}</value>\n</param>\n</params>\n</methodResponse>\n";

    private static string Fault(int code, string message) =>
        $"<?xml version='1.0'?>\n<methodResponse><fault><value><struct>{Member("faultCode", $"<int>{code}</int>")}{Member("faultString", Str(message))}</struct></value></fault></methodResponse>";

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
