using Amazon.Runtime;
using KmodForge.Configuration;
using KmodForge.Storage.S3;

namespace KmodForge.Tests.Storage;

public sealed class S3SettingsTests
{
    [Fact]
    public void Binds_from_arguments_and_environment()
    {
        var args = new Dictionary<string, string> { ["s3-bucket"] = "my-bucket", ["s3-force-path-style"] = "true", ["s3-part-size-mib"] = "8" };
        var env = new Dictionary<string, string> { ["KMODFORGE_S3_ENDPOINT_URL"] = "http://127.0.0.1:9000", ["AWS_REGION"] = "eu-west-1" };

        var settings = SettingsBinder.Bind<S3Settings>(args.GetValueOrDefault, env.GetValueOrDefault).Validated();

        Assert.Equal("my-bucket", settings.Bucket);
        Assert.True(settings.ForcePathStyle);
        Assert.Equal(8L * 1024 * 1024, settings.PartSizeBytes);
        Assert.Equal("eu-west-1", settings.Region);
        Assert.Equal("s3://my-bucket/ at http://127.0.0.1:9000", settings.Description);
    }

    [Fact]
    public void Rejects_bad_values_naming_each_setting_and_what_is_accepted()
    {
        var settings = new S3Settings { Bucket = "Bad_Bucket", Prefix = "../up", EndpointUrl = "http://user:secret@host/", Region = "EU WEST", PartSizeMiB = 2, Concurrency = 0 };

        var e = Assert.Throws<SettingsException>(() => settings.Validated());

        Assert.Contains(e.Errors, x => x.StartsWith("--s3-bucket: 'Bad_Bucket'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--s3-prefix: '../up'", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--s3-endpoint-url", StringComparison.Ordinal) && x.Contains("without credentials", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--s3-region", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--s3-part-size-mib: '2'", StringComparison.Ordinal) && x.Contains("5 to 5120", StringComparison.Ordinal));
        Assert.Contains(e.Errors, x => x.StartsWith("--s3-concurrency", StringComparison.Ordinal));
    }

    [Fact]
    public void Custom_endpoint_uses_path_style_and_only_required_checksums_by_default()
    {
        var config = S3ClientFactory.Config(new S3Settings { Bucket = "b-1", EndpointUrl = "http://127.0.0.1:9000", ForcePathStyle = true, MaxRetries = 2, Timeout = TimeSpan.FromSeconds(7) });

        Assert.True(config.ForcePathStyle);
        Assert.Equal(2, config.MaxErrorRetry);
        Assert.Equal(TimeSpan.FromSeconds(7), config.Timeout);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.StartsWith("http://127.0.0.1:9000", config.ServiceURL, StringComparison.Ordinal);
    }

    [Fact]
    public void Aws_endpoint_uses_the_region_and_full_integrity_checksums()
    {
        var config = S3ClientFactory.Config(new S3Settings { Bucket = "b-1", Region = "eu-central-1" });

        Assert.Equal("eu-central-1", config.RegionEndpoint.SystemName);
        Assert.Equal(RequestChecksumCalculation.WHEN_SUPPORTED, config.RequestChecksumCalculation);
    }
}
