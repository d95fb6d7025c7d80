namespace KmodForge.GitHub;

/// <summary>
/// The name GitHub stores a release asset under. GitHub renames uploaded files whose names hold characters other than
/// ASCII letters, digits, '.', '-' and '_' (each such character becomes '.'), so a package for kernel
/// <c>6.12.107+deb13-amd64</c> is stored as <c>...6.12.107.deb13-amd64...</c>. The publisher uploads under this name and
/// the loader must fetch this name from <c>/releases/download/&lt;tag&gt;/&lt;name&gt;</c>.
/// </summary>
public static class GitHubAssetName
{
    public static string For(string fileName) =>
        new([.. fileName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '.')]);

    /// <summary>The content type an asset is uploaded with, from its file name.</summary>
    public static string ContentType(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".deb" => "application/vnd.debian.binary-package",
        ".rpm" => "application/x-rpm",
        ".sha256" => "text/plain",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };
}
