using KmodForge.Dkms;
using KmodForge.Tests.Support;

namespace KmodForge.Tests.Dkms;

/// <summary>
/// The dkms.conf evaluation script, run with bash on dkms.conf files written here (test fixtures; the build runs it only
/// in the build container) against a stand-in kernel build directory with a .config, and its output parsed.
/// </summary>
public sealed class DkmsConfScriptTests : IDisposable
{
    private readonly TempDirectory temp = new();

    private DkmsConf Evaluate(string conf, string kernel = "6.1.0-28-amd64", string arch = "x86_64", string config = "CONFIG_PCI=y\nCONFIG_USB=m\n")
    {
        var source = temp.Combine("src");
        var kdir = temp.Combine("kernel");
        Directory.CreateDirectory(source);
        Directory.CreateDirectory(kdir);
        File.WriteAllText(Path.Combine(source, "dkms.conf"), conf);
        File.WriteAllText(Path.Combine(kdir, ".config"), config);
        var result = ProcessRunner.Run("bash", ["-c", DkmsConfScript.Script], environment: new Dictionary<string, string>
        {
            [DkmsConfScript.KernelVersionVariable] = kernel,
            [DkmsConfScript.ArchVariable] = arch,
            [DkmsConfScript.KernelSourceVariable] = kdir,
            ["KMODFORGE_SOURCE"] = source,
        });
        return DkmsConf.Parse(result.Output);
    }

    [Fact]
    public void Expands_the_variables_dkms_defines_in_MAKE_and_lists_every_module_record()
    {
        var conf = Evaluate("""
            PACKAGE_NAME="lttng-modules"
            PACKAGE_VERSION="2.13.9"
            i=0
            MAKE[$i]="make -C $kernel_source_dir M=$dkms_tree/$PACKAGE_NAME/$PACKAGE_VERSION/build modules CONFIG_LTTNG=m"
            BUILT_MODULE_NAME[$i]="lttng-lib-ring-buffer"
            BUILT_MODULE_LOCATION[$i]="src/lib"
            DEST_MODULE_LOCATION[$i]="/extra/lib"
            i=$((i+1))
            . $kernel_source_dir/.config
            if [ "$CONFIG_USB" = m ]; then BUILT_MODULE_NAME[$i]="lttng-usb"; BUILT_MODULE_LOCATION[$i]="src/"; DEST_MODULE_LOCATION[$i]="/extra"; STRIP[$i]=no; fi
            """);

        Assert.Equal("lttng-modules", conf.PackageName);
        Assert.Equal("2.13.9", conf.PackageVersion);
        Assert.Equal($"make -C {temp.Combine("kernel")} M=/var/lib/dkms/lttng-modules/2.13.9/build modules CONFIG_LTTNG=m", conf.MakeCommand);
        Assert.Equal(["src/lib/lttng-lib-ring-buffer.ko", "src/lttng-usb.ko"], conf.Modules.Select(m => m.BuiltPath));
        Assert.Equal([true, false], conf.Modules.Select(m => m.Strip));
        Assert.Empty(conf.Exclusions);
    }

    [Fact]
    public void Chooses_MAKE_by_MAKE_MATCH_and_PATCH_by_PATCH_MATCH_and_defaults_the_single_module_name()
    {
        const string text = """
            PACKAGE_NAME=acpi_call
            PACKAGE_VERSION=1.2.2
            MAKE[0]="make old"
            MAKE_MATCH[0]="^5\."
            MAKE[1]="make new KVER=$kernelver"
            MAKE_MATCH[1]="^6\."
            PATCH[0]=always.patch
            PATCH[1]=five.patch
            PATCH_MATCH[1]="^5\."
            DEST_MODULE_LOCATION[0]=/updates
            """;
        var six = Evaluate(text);
        Assert.Equal("make new KVER=6.1.0-28-amd64", six.MakeCommand);
        Assert.Equal(["always.patch"], six.Patches);
        Assert.Equal("acpi_call", Assert.Single(six.Modules).BuiltName);

        var five = Evaluate(text, kernel: "5.10.0-30-amd64");
        Assert.Equal("make old", five.MakeCommand);
        Assert.Equal(["always.patch", "five.patch"], five.Patches);
    }

    [Fact]
    public void Without_MAKE_uses_dkms_default_make_in_the_dkms_build_directory()
    {
        var conf = Evaluate("PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\nBUILT_MODULE_NAME[0]=foo\nDEST_MODULE_LOCATION[0]=/extra\n");
        Assert.Equal($"make -C {temp.Combine("kernel")} M=/var/lib/dkms/foo/1.0/build", conf.MakeCommand);
    }

    [Theory]
    [InlineData("BUILD_EXCLUSIVE_KERNEL_MIN=\"6.7\"", "kernel 6.1.0-28-amd64 is older than BUILD_EXCLUSIVE_KERNEL_MIN '6.7'")]
    [InlineData("BUILD_EXCLUSIVE_KERNEL_MAX=\"5.15\"", "kernel 6.1.0-28-amd64 is newer than BUILD_EXCLUSIVE_KERNEL_MAX '5.15'")]
    [InlineData("BUILD_EXCLUSIVE_KERNEL=\"^5\\.\"", "BUILD_EXCLUSIVE_KERNEL '^5\\.' does not match kernel 6.1.0-28-amd64")]
    [InlineData("BUILD_EXCLUSIVE_ARCH=\"^(aarch64|riscv64)$\"", "BUILD_EXCLUSIVE_ARCH '^(aarch64|riscv64)$' does not match architecture x86_64")]
    [InlineData("BUILD_EXCLUSIVE_CONFIG=\"CONFIG_PCI CONFIG_WIRELESS\"", "BUILD_EXCLUSIVE_CONFIG 'CONFIG_WIRELESS': kernel 6.1.0-28-amd64's config does not set CONFIG_WIRELESS to y or m")]
    [InlineData("BUILD_EXCLUSIVE_CONFIG=\"!CONFIG_USB\"", "BUILD_EXCLUSIVE_CONFIG '!CONFIG_USB': kernel 6.1.0-28-amd64's config sets CONFIG_USB")]
    public void BUILD_EXCLUSIVE_directives_that_exclude_the_kernel_give_a_reason_a_user_can_check(string directive, string reason)
    {
        var conf = Evaluate($"PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\nBUILT_MODULE_NAME[0]=foo\nDEST_MODULE_LOCATION[0]=/extra\n{directive}\n");
        Assert.Equal([reason], conf.Exclusions);
    }

    [Theory]
    [InlineData("BUILD_EXCLUSIVE_KERNEL_MIN=\"5.2\"")]
    [InlineData("BUILD_EXCLUSIVE_KERNEL=\"^(5\\.[6-9]\\.|5\\.[1-9][0-9]\\.|[6-9]\\.)\"")]
    [InlineData("BUILD_EXCLUSIVE_CONFIG=\"CONFIG_PCI CONFIG_USB !CONFIG_WIRELESS\"")]
    [InlineData("BUILD_EXCLUSIVE_ARCH=\"x86_64|aarch64\"")]
    public void BUILD_EXCLUSIVE_directives_that_include_the_kernel_exclude_nothing(string directive)
    {
        var conf = Evaluate($"PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\nBUILT_MODULE_NAME[0]=foo\nDEST_MODULE_LOCATION[0]=/extra\n{directive}\n");
        Assert.Empty(conf.Exclusions);
    }

    [Fact]
    public void A_dkms_conf_dkms_itself_rejects_fails_with_dkms_own_words()
    {
        var e = Assert.Throws<DkmsConfException>(() => Evaluate("PACKAGE_NAME=foo\nBUILT_MODULE_NAME[0]=foo\nDEST_MODULE_LOCATION[0]=/opt\n"));
        Assert.Contains("No 'PACKAGE_VERSION' directive specified.", e.Message, StringComparison.Ordinal);
        Assert.Contains("'DEST_MODULE_LOCATION' does not begin with '/kernel', '/updates', or '/extra' in record #0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_module_location_that_leaves_the_source_is_refused()
    {
        var e = Assert.Throws<DkmsConfException>(() => Evaluate("PACKAGE_NAME=foo\nPACKAGE_VERSION=1.0\nBUILT_MODULE_NAME[0]=foo\nBUILT_MODULE_LOCATION[0]=../../etc\nDEST_MODULE_LOCATION[0]=/extra\n"));
        Assert.Contains("BUILT_MODULE_LOCATION[0] '../../etc/'", e.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
