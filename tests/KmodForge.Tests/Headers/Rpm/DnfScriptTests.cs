using KmodForge.Headers;
using KmodForge.Headers.Rpm;
using KmodForge.Targets;

namespace KmodForge.Tests.Headers.Rpm;

public sealed class DnfScriptTests
{
    [Fact]
    public void Install_script_installs_the_exact_devel_package_and_checks_the_kernel_tree()
    {
        var target = BuildTarget.Create("amazonlinux", null, "6.12.58-82.121.amzn2023.x86_64", "x86_64", "v0.5.16");

        var script = DnfHeaderSource.InstallScript(target, KernelDevelPackage.For(target), string.Empty);

        Assert.Equal("dnf -y install --setopt=install_weak_deps=False kernel6.12-devel-1:6.12.58-82.121.amzn2023.x86_64 && dnf clean all && test -d /usr/src/kernels/6.12.58-82.121.amzn2023.x86_64", script);
    }

    [Fact]
    public void Extra_repositories_become_repo_files_with_the_gpg_setting()
    {
        var source = new DnfHeaderSource(null!, new HeaderSourceSettings { DnfExtraRepos = ["http://127.0.0.1:8080/repo"], DnfExtraReposGpgCheck = false });

        Assert.Equal("printf '[kmodforge-extra0]\\nname=kmodforge extra0\\nbaseurl=http://127.0.0.1:8080/repo\\nenabled=1\\ngpgcheck=0\\nrepo_gpgcheck=0\\nskip_if_unavailable=0\\n' > /etc/yum.repos.d/kmodforge-extra0.repo; ", source.ExtraRepos());
    }

    [Fact]
    public void An_extra_repository_that_is_not_a_plain_url_is_refused_with_the_setting_named()
    {
        var source = new DnfHeaderSource(null!, new HeaderSourceSettings { DnfExtraRepos = ["http://x/repo'\\nbaseurl=http://evil"] });

        var error = Assert.Throws<KmodForge.Configuration.SettingsException>(() => source.ExtraRepos());

        Assert.Contains("--dnf-extra-repos", error.Message, StringComparison.Ordinal);
    }
}
