using System.Text;
using KmodForge.Service.Api;

namespace KmodForge.Tests.Service;

/// <summary>POST /build's body reader names a parse error's place once, as 1-based line:column like every other JSON reader.</summary>
public sealed class BuildRequestReaderTests
{
    [Theory]
    [InlineData("{\"a\": x}", "1:7")]
    [InlineData("{\n\"kernel_version\": x}", "2:19")]
    [InlineData("{\n  \"kernel_version\": \"6.1.0-28-amd64\",\n  \"architecture\" \"x86_64\"}", "3:18")]
    public void A_parse_error_is_placed_at_one_1_based_line_and_column(string body, string position)
    {
        var outcome = BuildRequestReader.Parse(Encoding.UTF8.GetBytes(body));

        Assert.Equal(400, outcome.StatusCode);
        var message = outcome.Error!.Error;
        Assert.StartsWith($"the body is not valid JSON at {position}: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePosition", message, StringComparison.Ordinal);
        Assert.DoesNotContain("byte", message, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(message, @"\d+:\d+"));
    }
}
