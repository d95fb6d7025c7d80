namespace KmodForge.Tests.Support;

/// <summary>Builds small real RPMs with rpmbuild (installed by .ci/install.sh), for the header-source tests.</summary>
public static class RpmBuilder
{
    /// <summary>A kernel-devel-style package holding <c>/usr/src/kernels/&lt;release&gt;/Makefile</c>; returns its path.</summary>
    public static string KernelDevel(string directory, string name, string version, string release, string arch = "x86_64", int? epoch = null)
    {
        var kernel = $"{version}-{release}.{arch}";
        var spec = Path.Combine(directory, name + ".spec");
        File.WriteAllText(spec, $"""
            Name: {name}
            {(epoch is { } e ? $"Epoch: {e}" : string.Empty)}
            Version: {version}
            Release: {release}
            Summary: test kernel headers
            License: GPL-2.0-only
            BuildArch: {arch}
            %description
            Test headers for {kernel}.
            %install
            mkdir -p %{"{buildroot}"}/usr/src/kernels/{kernel}
            echo 'all:' > %{"{buildroot}"}/usr/src/kernels/{kernel}/Makefile
            %files
            /usr/src/kernels/{kernel}
            """);
        var top = Path.Combine(directory, "rpmbuild");
        ProcessRunner.Run("rpmbuild", "--quiet", "--define", $"_topdir {top}", "--define", "_build_id_links none",
            "--define", "debug_package %{nil}", "--target", arch, "-bb", spec).EnsureSuccess("rpmbuild");
        return Path.Combine(top, "RPMS", arch, $"{name}-{version}-{release}.{arch}.rpm");
    }
}
