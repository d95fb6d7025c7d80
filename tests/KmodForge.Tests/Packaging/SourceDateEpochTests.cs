using KmodForge.Packaging;

namespace KmodForge.Tests.Packaging;

public sealed class SourceDateEpochTests
{
    [Fact]
    public void Uses_the_environment_variable_when_set()
    {
        Assert.Equal(1_700_000_000, SourceDateEpoch.Resolve(n => n == "SOURCE_DATE_EPOCH" ? "1700000000" : null, "a"));
        Assert.Equal(0, SourceDateEpoch.Resolve(_ => "0"));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("now")]
    [InlineData("$(date +%s)")]
    [InlineData(" 1700000000")]
    [InlineData("99999999999999999999")]
    [InlineData("253402300800")]
    [InlineData("١٢٣")]
    public void Refuses_invalid_values_naming_the_variable(string value)
    {
        var e = Assert.Throws<FormatException>(() => SourceDateEpoch.Resolve(_ => value));

        Assert.StartsWith("SOURCE_DATE_EPOCH: '", e.Message);
    }

    [Fact]
    public void Derives_a_fixed_past_value_from_the_inputs_when_unset()
    {
        var a = SourceDateEpoch.Resolve(_ => null, "kfs", "v1.0.0", "6.1.0-28-amd64");

        Assert.Equal(a, SourceDateEpoch.Resolve(_ => null, "kfs", "v1.0.0", "6.1.0-28-amd64"));
        Assert.NotEqual(a, SourceDateEpoch.Resolve(_ => "", "kfs", "v1.0.1", "6.1.0-28-amd64"));
        Assert.InRange(a, SourceDateEpoch.DerivedBase, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());
    }
}
