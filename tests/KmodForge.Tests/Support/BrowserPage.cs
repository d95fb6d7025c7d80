using System.Text.Json;

namespace KmodForge.Tests.Support;

/// <summary>
/// What a real browser saw of a page at one width (tests/browser/check-page.mjs): console and page errors, the rows
/// matching a selector, and the rows' <c>data-kernel</c> still visible after typing into the search box.
/// </summary>
public sealed record BrowserView(int Width, int? Status, IReadOnlyList<string> ConsoleErrors, int Rows, IReadOnlyList<string> VisibleAfterSearch);

/// <summary>Opens a page in headless Chromium at several widths and keeps full-page screenshots in <see cref="ScreenshotDirectory"/>.</summary>
public static class BrowserPage
{
    public const string Chromium = "/usr/bin/chromium";

    /// <summary>The widths every page is checked at: a laptop and a phone.</summary>
    public static readonly IReadOnlyList<int> Widths = [1280, 390];

    /// <summary>Where screenshots are kept: <c>screenshots/</c> in the test output (tests/KmodForge.Tests/bin/Release/net10.0/screenshots).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>The node_modules .ci/install.sh fills (playwright-core, s3rver, the workflow parser).</summary>
    public static string NodeModules
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("KMODFORGE_CACHE_DIR") is { Length: > 0 } dir
                ? dir
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "kmodforge");
            return Path.Combine(cache, "tools", "node_modules");
        }
    }

    public static IReadOnlyList<BrowserView> Open(string url, string name, string rowSelector, string searchSelector, string searchText)
    {
        var input = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["node_modules"] = NodeModules,
            ["url"] = url,
            ["widths"] = Widths,
            ["row_selector"] = rowSelector,
            ["search_selector"] = searchSelector,
            ["search_text"] = searchText,
            ["screenshot_dir"] = ScreenshotDirectory,
            ["name"] = name,
            ["chromium"] = Chromium,
        });
        var result = ProcessRunner.Run("node", [Path.Combine(RepoPaths.Root, "tests", "browser", "check-page.mjs"), input], timeout: TimeSpan.FromMinutes(3))
            .EnsureSuccess($"headless Chromium on {url}");
        using var json = JsonDocument.Parse(result.Output);
        return json.RootElement.GetProperty("widths").EnumerateArray().Select(w => new BrowserView(
            w.GetProperty("width").GetInt32(),
            w.GetProperty("status").ValueKind == JsonValueKind.Number ? w.GetProperty("status").GetInt32() : null,
            w.GetProperty("console_errors").EnumerateArray().Select(e => e.GetString()!).ToList(),
            w.GetProperty("rows").GetInt32(),
            w.GetProperty("visible_after_search").EnumerateArray().Select(e => e.GetString()!).ToList())).ToList();
    }
}
