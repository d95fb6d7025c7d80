using System.Text;

namespace KmodForge.Headers.Rpm;

/// <summary>Shell that writes extra dnf repository files (every URL validated first; nothing else reaches the shell).</summary>
public static class DnfRepoFiles
{
    /// <summary>
    /// A POSIX shell fragment creating <c>/etc/yum.repos.d/kmodforge-&lt;id&gt;.repo</c> for each repository, with
    /// <c>baseurl</c> or, for a mirror list, <c>mirrorlist</c>.
    /// </summary>
    public static string Setup(IEnumerable<(string Id, Uri Url, bool MirrorList)> repos, bool gpgCheck)
    {
        var sb = new StringBuilder();
        foreach (var (id, url, mirrorList) in repos)
        {
            var key = mirrorList ? "mirrorlist" : "baseurl";
            sb.Append($"printf '[kmodforge-{id}]\\nname=kmodforge {id}\\n{key}={url.AbsoluteUri}\\nenabled=1\\ngpgcheck={(gpgCheck ? 1 : 0)}\\nrepo_gpgcheck=0\\nskip_if_unavailable=0\\n' > /etc/yum.repos.d/kmodforge-{id}.repo; ");
        }

        return sb.ToString();
    }
}
