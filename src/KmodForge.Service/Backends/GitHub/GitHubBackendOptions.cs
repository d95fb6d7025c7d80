namespace KmodForge.Service.Backends.GitHub;

/// <summary>Where the GitHub backend dispatches: the repository (for messages), the workflow file, and the git ref it runs on.</summary>
/// <param name="Ref">The branch or tag; resolved once, lazily (the repository's default branch when not configured).</param>
public sealed record GitHubBackendOptions(string Repository, string Workflow, Func<CancellationToken, Task<string>> Ref);
