using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KmodForge.TestSupport.GitHub;

/// <summary>
/// A GitHub REST API server on 127.0.0.1 (random port) for tests, speaking GitHub Enterprise's URL layout: the API under
/// <c>/api/v3/</c>, asset uploads under <c>/api/uploads/</c> (the <c>upload_url</c> of each release), browser downloads
/// under <c>/{owner}/{repo}/releases/download/{tag}/{name}</c>, which redirect to a signed object-storage URL that rejects
/// an <c>Authorization</c> header (as S3 does). Point Octokit at <see cref="BaseUrl"/> as at a GitHub Enterprise address.
/// <para>
/// Implements releases (by tag, create, list assets with Link pagination, upload with 422 already_exists, get, delete,
/// download), git refs (get, create with 422 "Reference already exists"), contents (get, put with sha checks), pulls
/// (create), workflow dispatches (204, run created with the workflow's run-name) and workflow runs (list, filter). Every
/// call is counted by endpoint name (<see cref="GitHubEndpoints"/>); <see cref="InjectFault"/> makes the N-th call of
/// an endpoint answer with an error, <see cref="BeforeCall"/> changes the state just before the N-th call (another job
/// acting in between). Requests need <c>Authorization: token|Bearer &lt;Token&gt;</c>.
/// </para>
/// </summary>
public sealed class LocalGitHubServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, int> calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Endpoint, int Call), GitHubFault> faults = new();
    private readonly ConcurrentDictionary<(string Endpoint, int Call), Action<GitHubState>> hooks = new();
    private readonly ConcurrentQueue<RecordedRequest> requests = new();
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> jobTokens = new(StringComparer.Ordinal);

    private LocalGitHubServer(WebApplication app, string owner, string repo, string defaultBranch, string token)
    {
        this.app = app;
        Owner = owner;
        Repo = repo;
        DefaultBranch = defaultBranch;
        Token = token;
    }

    public string Owner { get; }

    public string Repo { get; }

    /// <summary><c>owner/repo</c>, as GITHUB_REPOSITORY spells it.</summary>
    public string Repository => $"{Owner}/{Repo}";

    public string DefaultBranch { get; }

    /// <summary>The only token the server accepts.</summary>
    public string Token { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>: give this to Octokit as a GitHub Enterprise address.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The REST API root: <see cref="BaseUrl"/> + <c>api/v3/</c>.</summary>
    public Uri ApiUrl => new(BaseUrl, "api/v3/");

    public GitHubState State { get; } = new();

    /// <summary>Permissions the token lacks (<c>contents=write</c>, <c>pull_requests=write</c>, <c>actions=write</c>): endpoints needing one answer 403.</summary>
    public ConcurrentDictionary<string, bool> DeniedPermissions { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    /// <summary>The REST budget (5,000 an hour unless changed): <see cref="RestRateLimit.Total"/> counts what GitHub would count.</summary>
    public RestRateLimit RateLimit { get; } = new();

    /// <summary>When false, <see cref="Requests"/> records nothing (long simulations); calls are still counted.</summary>
    public bool RecordRequests { get; set; } = true;

    /// <summary>
    /// The Actions runner dispatches start runs on (<c>LocalActionsRunner</c> attaches itself). Without one, a dispatch
    /// only records a queued run (<see cref="GitHubState.AddWorkflow"/>).
    /// </summary>
    public IWorkflowRunHost? Runner { get; set; }

    /// <summary>
    /// Mints an installation token carrying exactly <paramref name="permissions"/> (scope → <c>read</c>/<c>write</c>/<c>none</c>,
    /// e.g. <c>contents</c>, <c>pull_requests</c>, <c>actions</c>), as GitHub does for each job's GITHUB_TOKEN. Endpoints
    /// needing a permission the token lacks answer 403 with <c>x-accepted-github-permissions</c>.
    /// </summary>
    public string IssueToken(IReadOnlyDictionary<string, string> permissions)
    {
        var token = "ghs_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
        jobTokens[token] = new Dictionary<string, string>(permissions, StringComparer.Ordinal);
        return token;
    }

    /// <summary>The token expires (a job's GITHUB_TOKEN at the job's end).</summary>
    public void RevokeToken(string token) => jobTokens.TryRemove(token, out _);

    /// <summary>Commits the files git would check out in <paramref name="directory"/> (uncommitted work included) on a branch.</summary>
    public string SeedFromDirectory(string directory, string? branch = null) => RepositorySnapshot.Seed(State, directory, branch ?? DefaultBranch);

    public static async Task<LocalGitHubServer> StartAsync(string owner = "kmodforge", string repo = "drivers", string defaultBranch = "main", string token = "ghs_LocalGitHubServerTestToken")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxRequestBodySize = null).UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var server = new LocalGitHubServer(app, owner, repo, defaultBranch, token);
        server.State.Commit(defaultBranch, new Dictionary<string, string> { ["README.md"] = "# drivers\n" });
        server.Configure();
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The <paramref name="call"/>-th call (1-based) of <paramref name="endpoint"/> answers with <paramref name="fault"/>.</summary>
    public void InjectFault(string endpoint, int call, GitHubFault fault) => faults[(endpoint, call)] = fault;

    /// <summary>Runs <paramref name="action"/> on the state just before the <paramref name="call"/>-th call of <paramref name="endpoint"/> is handled.</summary>
    public void BeforeCall(string endpoint, int call, Action<GitHubState> action) => hooks[(endpoint, call)] = action;

    /// <summary>How many calls <paramref name="endpoint"/> has received (faulted ones included).</summary>
    public int CallCount(string endpoint) => calls.TryGetValue(endpoint, out var n) ? n : 0;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    internal string ApiBase => ApiUrl.ToString().TrimEnd('/');

    internal string WebBase => BaseUrl.ToString().TrimEnd('/');

    internal string RepoApi => $"{ApiBase}/repos/{Owner}/{Repo}";

    internal string RepoWeb => $"{WebBase}/{Owner}/{Repo}";

    private void Configure()
    {
        app.UseRouting();
        app.Use(async (context, next) =>
        {
            var name = context.GetEndpoint()?.Metadata.GetMetadata<EndpointTag>()?.Name;
            if (RecordRequests)
            {
                requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, name,
                    context.Request.Headers.Authorization.ToString(), context.Request.Headers.Accept.ToString(), context.Request.ContentType));
            }

            AddStandardHeaders(context.Response);
            if (name is null)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            var call = calls.AddOrUpdate(name, 1, (_, n) => n + 1);
            if (name is not (GitHubEndpoints.AssetBrowserDownload or GitHubEndpoints.TarballDownload) && !IsAuthorized(context.Request))
            {
                await WriteFault(context, GitHubFault.BadCredentials).ConfigureAwait(false);
                return;
            }

            if (RestRateLimit.Counts(name) && !RateLimit.Take(context.Response))
            {
                await WriteFault(context, GitHubFault.RateLimited(TimeSpan.Zero) with { Headers = new Dictionary<string, string>() }).ConfigureAwait(false);
                return;
            }

            if (faults.TryRemove((name, call), out var fault))
            {
                await WriteFault(context, fault).ConfigureAwait(false);
                return;
            }

            if (GitHubEndpoints.Permissions.TryGetValue(name, out var permission) && (DeniedPermissions.ContainsKey(permission) || !JobTokenGrants(context.Request, permission)))
            {
                await WriteFault(context, GitHubFault.MissingPermission(permission)).ConfigureAwait(false);
                return;
            }

            if (hooks.TryRemove((name, call), out var hook))
            {
                hook(State);
            }

            await next(context).ConfigureAwait(false);
        });

        var repoApi = app.MapGroup("/api/v3/repos/{owner}/{repo}").AddEndpointFilter(async (context, next) =>
        {
            var values = context.HttpContext.Request.RouteValues;
            return string.Equals(values["owner"] as string, Owner, StringComparison.OrdinalIgnoreCase)
                && string.Equals(values["repo"] as string, Repo, StringComparison.OrdinalIgnoreCase)
                ? await next(context).ConfigureAwait(false)
                : Error(GitHubFault.NotFound);
        });
        app.MapGet("/api/v3/rate_limit", () => Results.Json(RateLimit.Status())).Tag(GitHubEndpoints.RateLimitGet);
        new ReleaseRoutes(this).Map(app, repoApi);
        new RepositoryRoutes(this).Map(repoApi);
        new ActionsRoutes(this).Map(repoApi);
        new ArtifactRoutes(this).Map(app, repoApi);
        new RunRoutes(this).Map(repoApi);
        new TarballRoutes(this).Map(app, repoApi);
    }

    private bool IsAuthorized(HttpRequest request) => TokenOf(request) is { } token && (token == Token || jobTokens.ContainsKey(token));

    private static string? TokenOf(HttpRequest request)
    {
        // GitHub accepts "token <t>" and "Bearer <t>", the scheme in any case.
        var header = request.Headers.Authorization.ToString();
        var space = header.IndexOf(' ', StringComparison.Ordinal);
        return space > 0 && header[..space].ToLowerInvariant() is "token" or "bearer" ? header[(space + 1)..] : null;
    }

    /// <summary>True unless the request carries a job token without <paramref name="permission"/> (<c>contents=write</c>).</summary>
    private bool JobTokenGrants(HttpRequest request, string permission)
    {
        if (TokenOf(request) is not { } token || !jobTokens.TryGetValue(token, out var granted))
        {
            return true;
        }

        var (scope, level) = (permission[..permission.IndexOf('=', StringComparison.Ordinal)], permission[(permission.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        if (scope == "metadata")
        {
            return true;
        }

        var has = granted.TryGetValue(scope, out var value) ? value : "none";
        return level == "read" ? has is "read" or "write" : has == "write";
    }

    private void AddStandardHeaders(HttpResponse response)
    {
        response.Headers["x-github-api-version-selected"] = "2022-11-28";
        response.Headers["x-github-media-type"] = "github.v3; format=json";
        response.Headers["x-github-request-id"] = Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();
        RateLimit.Write(response);
    }

    private static async Task WriteFault(HttpContext context, GitHubFault fault)
    {
        context.Response.StatusCode = fault.Status;
        foreach (var (key, value) in fault.Headers)
        {
            context.Response.Headers[key] = value;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(fault.Body).ConfigureAwait(false);
    }

    internal static IResult Error(GitHubFault fault) => new FaultResult(fault);

    internal static IResult Json(JsonNode node, int status = 200, string? location = null) => new JsonResult(node, status, location);

    private sealed class FaultResult(GitHubFault fault) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteFault(httpContext, fault);
    }

    private sealed class JsonResult(JsonNode node, int status, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.ContentType = "application/json; charset=utf-8";
            if (location is not null)
            {
                httpContext.Response.Headers.Location = location;
            }

            await httpContext.Response.WriteAsync(node.ToJsonString(), Encoding.UTF8).ConfigureAwait(false);
        }
    }
}

/// <summary>One request as the server received it (the token is kept so tests can check where it was, and was not, sent).</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Endpoint, string Authorization, string Accept, string? ContentType);

/// <summary>The endpoint name the server counts a route's calls under (several routes may share one).</summary>
internal sealed record EndpointTag(string Name);

internal static class EndpointTagExtensions
{
    public static RouteHandlerBuilder Tag(this RouteHandlerBuilder builder, string name) => builder.WithMetadata(new EndpointTag(name));
}
