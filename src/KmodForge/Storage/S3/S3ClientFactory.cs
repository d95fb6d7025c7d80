using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace KmodForge.Storage.S3;

/// <summary>Turns <see cref="S3Settings"/> into an SDK client configuration: endpoint, addressing, timeouts, retries.</summary>
public static class S3ClientFactory
{
    public const string DefaultRegion = "us-east-1";

    public static AmazonS3Config Config(S3Settings settings)
    {
        var customEndpoint = !string.IsNullOrEmpty(settings.EndpointUrl);
        var whenRequired = settings.Checksums == S3ChecksumMode.WhenRequired
            || (settings.Checksums == S3ChecksumMode.Auto && customEndpoint);
        var config = new AmazonS3Config
        {
            ForcePathStyle = settings.ForcePathStyle,
            MaxErrorRetry = settings.MaxRetries,
            RetryMode = RequestRetryMode.Standard,
            Timeout = settings.Timeout,
            ConnectTimeout = settings.Timeout < TimeSpan.FromSeconds(15) ? settings.Timeout : TimeSpan.FromSeconds(15),
            RequestChecksumCalculation = whenRequired ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED,
            ResponseChecksumValidation = whenRequired ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED,
        };
        var region = string.IsNullOrEmpty(settings.Region) ? DefaultRegion : settings.Region;
        if (customEndpoint)
        {
            config.ServiceURL = settings.EndpointUrl;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }

    /// <summary>A client with the given credentials, or the standard AWS credential chain when null.</summary>
    public static IAmazonS3 Create(S3Settings settings, AWSCredentials? credentials) =>
        credentials is null ? new AmazonS3Client(Config(settings)) : new AmazonS3Client(credentials, Config(settings));
}
