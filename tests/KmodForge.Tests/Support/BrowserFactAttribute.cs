namespace KmodForge.Tests.Support;

/// <summary>
/// A test that drives a real headless Chromium (Debian's <c>chromium</c>, through playwright-core). In CI (CI=true)
/// .ci/install.sh installs both, so the test always runs there and fails if they are missing; on a workstation without
/// them it is skipped with a message saying how to install them.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && (!File.Exists(BrowserPage.Chromium) || !Directory.Exists(Path.Combine(BrowserPage.NodeModules, "playwright-core"))))
        {
            Skip = "no headless browser: run `bash .ci/install.sh` (installs Debian's chromium and playwright-core) to run this test";
        }
    }
}
