using System.Globalization;
using System.Text.Json.Nodes;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.Actions;

/// <summary>The JSON request file a runner process starts from (see docs/actions-runner.md for every field).</summary>
internal static class RunRequest
{
    public static JsonObject Build(LocalGitHubServer server, LocalActionsRunnerOptions options, ActionsRun run, string repo, string workDirectory)
    {
        var api = server.ApiUrl.ToString().TrimEnd('/');
        return new JsonObject
        {
            ["workflow_path"] = Path.Combine(repo, ".github", "workflows", run.Workflow),
            ["workflow_file"] = ".github/workflows/" + run.Workflow,
            ["repository_dir"] = repo,
            ["event_name"] = run.Event,
            ["inputs"] = Object(run.Inputs),
            ["ref"] = run.Ref,
            ["sha"] = run.Sha,
            ["default_branch"] = server.DefaultBranch,
            ["github"] = new JsonObject
            {
                ["repository"] = server.Repository,
                ["repository_owner"] = server.Owner,
                ["api_url"] = api,
                ["server_url"] = server.BaseUrl.ToString().TrimEnd('/'),
                ["graphql_url"] = server.BaseUrl + "api/graphql",
                ["run_id"] = run.Id.ToString(CultureInfo.InvariantCulture),
                ["run_number"] = run.Number.ToString(CultureInfo.InvariantCulture),
                ["run_attempt"] = "1",
                ["actor"] = options.Actor,
                ["token"] = server.Token,
            },
            ["secrets"] = Object(options.Secrets),
            ["vars"] = Object(options.Vars),
            ["env"] = Object(options.Environment),
            ["fresh_home"] = options.FreshHomePerJob,
            ["labels"] = new JsonArray([.. options.Labels.Select(l => (JsonNode)l)]),
            ["capacity"] = options.Capacity,
            ["default_permissions"] = options.DefaultPermissions,
            ["run_dir"] = run.Directory,
            ["cache_dir"] = options.CacheDirectory ?? Path.Combine(workDirectory, "actions-cache"),
            ["tool_cache"] = Path.Combine(workDirectory, "tool-cache"),
            ["node_modules"] = options.ResolveNodeModules(),
        };
    }

    private static JsonObject Object(IReadOnlyDictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values)
        {
            o[k] = v;
        }

        return o;
    }
}
