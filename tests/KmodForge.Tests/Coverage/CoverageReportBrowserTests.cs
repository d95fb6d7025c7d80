using System.Text.Json;
using KmodForge.Coverage;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Coverage;

/// <summary>The report site in headless Chromium, opened from disk (offline) at 1280 and 390 px; screenshots in the test output's screenshots/.</summary>
public sealed class CoverageReportBrowserTests
{
    [BrowserFact]
    public async Task The_report_opened_from_disk_shows_every_row_and_its_search_leaves_exactly_the_typed_release()
    {
        using var temp = new TempDirectory();
        var report = await CoverageFixture.BuildAsync(temp.Path, ["v0.1.0", "v0.2.0"]);
        var site = temp.Combine("site");
        CoverageSite.Write(report, site);
        using var data = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(site, "coverage.json")));
        var rowsInData = data.RootElement.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("rows").GetArrayLength());

        var views = BrowserPage.Open(new Uri(Path.Combine(site, "index.html")).AbsoluteUri, "report", "tr.row", "#search", "6.1.0-56-amd64");

        Assert.Equal(BrowserPage.Widths, views.Select(v => v.Width));
        Assert.Equal(10, rowsInData);
        foreach (var view in views)
        {
            Assert.Empty(view.ConsoleErrors);
            Assert.Equal(rowsInData, view.Rows);
            Assert.Equal(["6.1.0-56-amd64", "6.1.0-56-amd64"], view.VisibleAfterSearch);
            Assert.True(File.Exists(Path.Combine(BrowserPage.ScreenshotDirectory, $"report-{view.Width}.png")));
            Assert.True(File.Exists(Path.Combine(BrowserPage.ScreenshotDirectory, $"report-{view.Width}-search.png")));
        }
    }

    [Fact]
    public async Task The_site_is_plain_files_with_no_remote_resource_and_the_data_cannot_close_its_script()
    {
        using var temp = new TempDirectory();
        var report = await CoverageFixture.BuildAsync(temp.Path);
        var site = temp.Combine("site");

        var written = CoverageSite.Write(report, site);

        Assert.Equal(["index.html", "report.css", "report.js", "coverage.json", "coverage.js"], written);
        foreach (var file in written)
        {
            var text = File.ReadAllText(Path.Combine(site, file));
            Assert.DoesNotMatch(@"(src|href)=""(https?:)?//", text);
            Assert.DoesNotContain("@import", text, StringComparison.Ordinal);
        }

        var script = File.ReadAllText(Path.Combine(site, "coverage.js"));
        Assert.StartsWith("window.KMODFORGE_COVERAGE = {", script, StringComparison.Ordinal);
        Assert.DoesNotContain("<", script, StringComparison.Ordinal);
        Assert.Contains("undefined symbol \\u003Cx\\u003E", script, StringComparison.Ordinal);
    }
}
