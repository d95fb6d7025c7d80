using System.Text;
using KmodForge.GitHub;
using KmodForge.IO;
using KmodForge.Naming;
using KmodForge.Publishing;
using KmodForge.Targets;
using KmodForge.TestSupport.GitHub;

namespace KmodForge.Tests.GitHub;

public sealed class GitHubReleaseStoreTests
{
    private static readonly BuildTarget Debian = BuildTarget.Create("debian", "12", "6.1.0-28-amd64", "x86_64", "v0.1.0");

    private static string Tag => PackageNaming.ReleaseTag(Debian);

    private static string FileName => PackageNaming.FileName("kmodforge-sample", Debian);

    [Fact]
    public async Task Publish_creates_the_release_and_uploads_the_package_and_its_checksum_with_their_content_types()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName);
        var store = new GitHubReleaseStore(ctx.Connect());

        var stored = await store.PublishAsync(Tag, path, CancellationToken.None);

        var release = Assert.Single(ctx.Server.State.Releases);
        Assert.Equal("v0.1.0-debian-12-x86_64", release.Tag);
        var package = Assert.Single(release.Assets, a => a.Name == FileName);
        var checksum = Assert.Single(release.Assets, a => a.Name == FileName + ".sha256");
        Assert.Equal("application/vnd.debian.binary-package", package.ContentType);
        Assert.Equal("text/plain", checksum.ContentType);
        Assert.Equal(File.ReadAllBytes(path), package.Content);
        Assert.Equal(FileHashing.ChecksumLine(FileHashing.Sha256Hex(path), FileName), Encoding.UTF8.GetString(checksum.Content));
        Assert.Equal(FileHashing.Sha256Hex(path), stored.Sha256);
        Assert.EndsWith($"/releases/download/v0.1.0-debian-12-x86_64/{FileName}", stored.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_the_same_package_twice_uploads_nothing_the_second_time()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName);
        var store = new GitHubReleaseStore(ctx.Connect());
        await store.PublishAsync(Tag, path, CancellationToken.None);

        var second = await store.PublishAsync(Tag, path, CancellationToken.None);

        Assert.Equal(2, ctx.Server.CallCount(GitHubEndpoints.AssetUpload));
        Assert.Equal(1, ctx.Server.CallCount(GitHubEndpoints.ReleaseCreate));
        Assert.Equal(2, Assert.Single(ctx.Server.State.Releases).Assets.Count);
        Assert.Equal(FileHashing.Sha256Hex(path), second.Sha256);
        Assert.Contains(ctx.Log.Lines, l => l.Contains("nothing to do", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_concurrent_publishes_of_one_package_both_succeed_and_leave_one_copy()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName, 256 * 1024);
        var copy = Path.Combine(ctx.Directory, "job2", FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.Copy(path, copy);

        var results = await Task.WhenAll(
            new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None),
            new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, copy, CancellationToken.None));

        var release = Assert.Single(ctx.Server.State.Releases);
        Assert.Equal(2, release.Assets.Count);
        Assert.All(results, r => Assert.Equal(FileHashing.Sha256Hex(path), r.Sha256));
    }

    [Fact]
    public async Task An_upload_answered_422_already_exists_is_resolved_by_comparing_the_other_jobs_asset()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName);
        var release = ctx.Server.State.CreateRelease(Tag);
        // Another job uploads the same bytes between our listing and our upload.
        ctx.Server.BeforeCall(GitHubEndpoints.AssetUpload, 1, s => s.AddAsset(release, FileName, File.ReadAllBytes(path)));

        await new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None);

        Assert.Equal(2, release.Assets.Count);
        Assert.Contains(ctx.Log.Lines, l => l.Contains("uploaded by another job", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_release_created_by_another_job_between_check_and_create_is_reused()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName);
        ctx.Server.BeforeCall(GitHubEndpoints.ReleaseCreate, 1, s => s.CreateRelease(Tag));

        await new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None);

        var release = Assert.Single(ctx.Server.State.Releases);
        Assert.Equal(2, release.Assets.Count);
    }

    [Fact]
    public async Task An_existing_package_with_a_different_checksum_is_a_conflict_and_is_not_replaced()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var release = ctx.Server.State.CreateRelease(Tag);
        var old = Encoding.UTF8.GetBytes("old package bytes");
        var oldSha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(old));
        ctx.Server.State.AddAsset(release, FileName, old);
        ctx.Server.State.AddAsset(release, FileName + ".sha256", Encoding.UTF8.GetBytes(FileHashing.ChecksumLine(oldSha, FileName)), "text/plain");
        var path = ctx.WritePackage(FileName);

        var e = await Assert.ThrowsAsync<ReleaseConflictException>(() => new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None));

        Assert.Contains(oldSha, e.Message, StringComparison.Ordinal);
        Assert.Contains(FileHashing.Sha256Hex(path), e.Message, StringComparison.Ordinal);
        Assert.Equal(old, release.Assets.Single(a => a.Name == FileName).Content);
        Assert.Equal(0, ctx.Server.CallCount(GitHubEndpoints.AssetUpload));
    }

    [Fact]
    public async Task A_package_left_without_its_checksum_by_another_job_with_other_bytes_is_a_conflict()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var release = ctx.Server.State.CreateRelease(Tag);
        ctx.Server.State.AddAsset(release, FileName, Encoding.UTF8.GetBytes("other bytes"));
        var path = ctx.WritePackage(FileName);

        await Assert.ThrowsAsync<ReleaseConflictException>(() => new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None));

        Assert.Single(release.Assets);
    }

    [Fact]
    public async Task At_the_asset_cap_publishing_fails_naming_the_cap_and_the_tag_template_setting()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var release = ctx.Server.State.CreateRelease(Tag);
        for (var i = 0; i < 999; i++)
        {
            ctx.Server.State.AddAsset(release, $"filler-{i}.deb", [1]);
        }

        var path = ctx.WritePackage(FileName);
        var e = await Assert.ThrowsAsync<GitHubOperationException>(() => new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None));

        Assert.Contains("999 assets", e.Message, StringComparison.Ordinal);
        Assert.Contains("1000 per release", e.Message, StringComparison.Ordinal);
        Assert.Contains("--release-tag-template", e.Message, StringComparison.Ordinal);
        Assert.Contains("{driver_version}-{distribution}-{distro_version}-{arch}, 333 packages each", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, ctx.Server.CallCount(GitHubEndpoints.AssetUpload));
        // The release's answer embeds its 999 assets: no page of the asset list is read.
        Assert.Equal(0, ctx.Server.CallCount(GitHubEndpoints.AssetList));
    }

    [Fact]
    public async Task Find_and_download_return_the_package_verified_and_never_send_the_token_to_storage()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName, 300 * 1024);
        var store = new GitHubReleaseStore(ctx.Connect());
        Assert.Null(await store.FindAsync(Tag, FileName, CancellationToken.None));
        await store.PublishAsync(Tag, path, CancellationToken.None);

        var found = await store.FindAsync(Tag, FileName, CancellationToken.None);
        var destination = Path.Combine(ctx.Directory, "download", FileName);
        var downloaded = await store.DownloadAsync(Tag, FileName, destination, CancellationToken.None);

        Assert.NotNull(found);
        Assert.Equal(FileHashing.Sha256Hex(path), found.Sha256);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(destination));
        Assert.Equal(found.Sha256, downloaded.Sha256);
        var storage = ctx.Server.Requests.Where(r => r.PathAndQuery.StartsWith("/_objects/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(storage);
        Assert.All(storage, r => Assert.Equal(string.Empty, r.Authorization));
    }

    [Fact]
    public async Task A_download_whose_bytes_do_not_match_the_checksum_is_refused_and_leaves_no_file()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var path = ctx.WritePackage(FileName);
        var store = new GitHubReleaseStore(ctx.Connect());
        await store.PublishAsync(Tag, path, CancellationToken.None);
        var release = Assert.Single(ctx.Server.State.Releases);
        var index = release.Assets.FindIndex(a => a.Name == FileName);
        release.Assets[index] = release.Assets[index] with { Content = [.. release.Assets[index].Content.Reverse()] };

        var destination = Path.Combine(ctx.Directory, "download", FileName);
        await Assert.ThrowsAsync<ChecksumMismatchException>(() => store.DownloadAsync(Tag, FileName, destination, CancellationToken.None));

        Assert.False(File.Exists(destination));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
    }

    [Fact]
    public async Task A_kernel_release_with_a_plus_is_stored_under_the_name_GitHub_gives_it_and_found_again()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var target = BuildTarget.Create("debian", "13", "6.12.107+deb13-amd64", "x86_64", "v0.1.0");
        var fileName = PackageNaming.FileName("kmodforge-sample", target);
        var store = new GitHubReleaseStore(ctx.Connect());

        var stored = await store.PublishAsync(Tag, ctx.WritePackage(fileName), CancellationToken.None);
        var again = await store.PublishAsync(Tag, ctx.WritePackage(fileName), CancellationToken.None).ContinueWith(t => t.Exception?.InnerException);

        Assert.Contains(Assert.Single(ctx.Server.State.Releases).Assets, a => a.Name == GitHubAssetName.For(fileName));
        Assert.Contains("6.12.107.deb13-amd64", GitHubAssetName.For(fileName), StringComparison.Ordinal);
        Assert.NotNull(await store.FindAsync(Tag, fileName, CancellationToken.None));
        Assert.Equal(fileName, stored.FileName);
        Assert.IsType<ReleaseConflictException>(again);
    }

    [Fact]
    public async Task An_upload_failing_with_a_transient_502_is_retried()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.InjectFault(GitHubEndpoints.AssetUpload, 1, GitHubFault.ServerError(502));
        var path = ctx.WritePackage(FileName);

        await new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None);

        Assert.Equal(3, ctx.Server.CallCount(GitHubEndpoints.AssetUpload));
        Assert.Equal(2, Assert.Single(ctx.Server.State.Releases).Assets.Count);
    }

    [Fact]
    public async Task An_upload_hitting_the_rate_limit_waits_for_the_reset_and_uploads_again()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        ctx.Server.InjectFault(GitHubEndpoints.AssetUpload, 1, GitHubFault.RateLimited(TimeSpan.FromSeconds(1)));
        var path = ctx.WritePackage(FileName);

        await new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None);

        Assert.Equal(3, ctx.Server.CallCount(GitHubEndpoints.AssetUpload));
        Assert.Equal(File.ReadAllBytes(path), Assert.Single(ctx.Server.State.Releases).Assets.Single(a => a.Name == FileName).Content);
    }

    [Fact]
    public async Task A_concurrent_job_uploading_different_bytes_first_makes_ours_a_conflict()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var release = ctx.Server.State.CreateRelease(Tag);
        var theirs = Encoding.UTF8.GetBytes("a different build of the same target");
        ctx.Server.BeforeCall(GitHubEndpoints.AssetUpload, 1, s => s.AddAsset(release, FileName, theirs));
        var path = ctx.WritePackage(FileName);

        var e = await Assert.ThrowsAsync<ReleaseConflictException>(() => new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None));

        Assert.Contains(FileHashing.Sha256Hex(path), e.Message, StringComparison.Ordinal);
        Assert.Equal(theirs, Assert.Single(release.Assets).Content);
    }

    [Fact]
    public async Task A_half_finished_upload_left_by_a_failed_job_is_removed_and_uploaded_again()
    {
        await using var ctx = await GitHubTestContext.StartAsync();
        var release = ctx.Server.State.CreateRelease(Tag);
        ctx.Server.State.AddAsset(release, FileName, [1, 2, 3], state: "starter");
        var path = ctx.WritePackage(FileName);

        await new GitHubReleaseStore(ctx.Connect()).PublishAsync(Tag, path, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(path), release.Assets.Single(a => a.Name == FileName).Content);
        Assert.Equal(1, ctx.Server.CallCount(GitHubEndpoints.AssetDelete));
    }
}
