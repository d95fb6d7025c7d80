using System.Text;
using KmodForge.Dkms;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Dkms;

public sealed class DkmsConfTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private static string Line(string key, int index, string value) =>
        $"kmodforge-dkms {key} {index} {Convert.ToBase64String(Encoding.UTF8.GetBytes(value))}";

    private static string Output(params string[] lines) =>
        string.Join('\n', new[] { "make: noise", Line("package_name", 0, "foo"), Line("package_version", 0, "1.0"), Line("make", 0, "make") }.Concat(lines));

    [Fact]
    public void Output_without_the_end_marker_is_an_unfinished_evaluation()
    {
        var e = Assert.Throws<DkmsConfException>(() => DkmsConf.Parse(Output()));
        Assert.Contains("did not finish", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_that_is_not_base64_is_refused_naming_the_line()
    {
        var e = Assert.Throws<DkmsConfException>(() => DkmsConf.Parse(Output("kmodforge-dkms make 0 !!!", Line("end", 0, "0"))));
        Assert.Contains("not base64", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("built_module_name", "foo;rm")]
    [InlineData("dest_module_name", "x/y")]
    [InlineData("dest_module_location", "/extra/../../etc")]
    public void Module_fields_that_would_reach_a_path_are_validated(string key, string value)
    {
        var fields = new Dictionary<string, string> { ["built_module_name"] = "foo", ["built_module_location"] = "", ["dest_module_name"] = "foo", ["dest_module_location"] = "/extra", [key] = value };
        var e = Assert.Throws<DkmsConfException>(() => DkmsConf.Parse(Output([.. fields.Select(f => Line(f.Key, 0, f.Value)), Line("end", 0, "1")])));
        Assert.Contains(key.ToUpperInvariant() + "[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_records_installing_the_same_module_name_are_refused()
    {
        string[] record(int i) => [Line("built_module_name", i, "foo"), Line("built_module_location", i, i == 0 ? "a/" : "b/"), Line("dest_module_name", i, "foo"), Line("dest_module_location", i, "/extra")];
        var e = Assert.Throws<DkmsConfException>(() => DkmsConf.Parse(Output([.. record(0), .. record(1), Line("end", 0, "2")])));
        Assert.Contains("Duplicate module 'foo' in 'DEST_MODULE_NAME'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PACKAGE_NAME=\"lttng-modules\"\nPACKAGE_VERSION=\"2.13.9\"\n", "lttng-modules", "2.13.9")]
    [InlineData("PACKAGE_NAME=acpi_call # the name\nPACKAGE_VERSION='1.2.2'\n", "acpi_call", "1.2.2")]
    [InlineData("PACKAGE_NAME=\"$(echo x)\"\nPACKAGE_VERSION=$VERSION\n", null, null)]
    public void The_host_reads_only_literal_PACKAGE_NAME_and_PACKAGE_VERSION(string text, string? name, string? version)
    {
        File.WriteAllText(temp.Combine("dkms.conf"), text);
        Assert.Equal((name, version), DkmsPackageDefaults.Read(temp.Path));
    }

    [Theory]
    [InlineData("2.13.9", "2.13.9")]
    [InlineData("2.11.1.0.20170917", null)]
    public void PACKAGE_VERSION_is_the_driver_version_when_it_is_a_valid_one(string packageVersion, string? expected) =>
        Assert.Equal(expected, DkmsPackageDefaults.DriverVersion(packageVersion, v => KmodForge.Targets.InputRules.DriverVersion(v) is null));

    public void Dispose() => temp.Dispose();
}
