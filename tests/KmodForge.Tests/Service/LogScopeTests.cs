using KmodForge.Service.Hosting;

namespace KmodForge.Tests.Service;

public sealed class LogScopeTests
{
    [Fact]
    public void A_scope_prints_as_name_value_pairs_for_the_simple_console_format()
    {
        var scope = new LogScope(("BuildId", "b-1"), ("CacheKey", "kfs-0123"));

        Assert.Equal("BuildId=b-1, CacheKey=kfs-0123", scope.ToString());
    }

    [Fact]
    public void A_scope_keeps_its_pairs_for_structured_formatters()
    {
        var scope = new LogScope(("BuildId", "b-1"), ("Attempt", 2));

        Assert.Equal([new("BuildId", "b-1"), new("Attempt", (object?)2)], scope.ToList());
    }

    [Fact]
    public void A_hostile_scope_value_prints_escaped()
    {
        var scope = new LogScope(("Phase", "x\u001b[2J\ny"));

        Assert.Equal("Phase=x\\u001b[2J\\ny", scope.ToString());
    }
}
