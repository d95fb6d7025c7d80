using System.Text.RegularExpressions;
using KmodForge.Configuration;
using KmodForge.Errors;
using KmodForge.Storage;

namespace KmodForge.Storage.S3;

/// <summary>How the S3 client computes and checks the SDK's extra integrity checksums.</summary>
public enum S3ChecksumMode
{
    /// <summary>On AWS (no endpoint URL): when supported; on an S3-compatible endpoint: when required.</summary>
    Auto,
    WhenSupported,
    WhenRequired,
}

/// <summary>
/// Where the S3 blob store lives and how it talks to it. Credentials are not settings: they come from the standard AWS
/// chain (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, AWS_PROFILE, instance or web-identity roles).
/// </summary>
public sealed partial class S3Settings
{
    public const int MinPartSizeMiB = 5;
    public const int MaxPartSizeMiB = 5 * 1024;

    [Setting("s3-bucket", "The S3 bucket that holds the store's objects.")]
    public string? Bucket { get; init; }

    [Setting("s3-prefix", "A key prefix inside the bucket (e.g. kmodforge); empty for the bucket root.")]
    public string? Prefix { get; init; }

    [Setting("s3-endpoint-url", "The endpoint of an S3-compatible service (MinIO, Ceph, R2, s3rver); empty for AWS.")]
    public string? EndpointUrl { get; init; }

    [Setting("s3-region", "The region (us-east-1 when empty); S3-compatible services often accept any value.", AlsoFromEnvironment = ["AWS_REGION", "AWS_DEFAULT_REGION"])]
    public string? Region { get; init; }

    [Setting("s3-force-path-style", "Address buckets as https://host/bucket/key instead of https://bucket.host/key (most S3-compatible services need it).")]
    public bool ForcePathStyle { get; init; }

    [Setting("s3-part-size-mib", "Multipart upload part size in MiB (5 to 5120); files larger than one part are uploaded in parts.")]
    public int PartSizeMiB { get; init; } = 16;

    [Setting("s3-concurrency", "Parts uploaded at once (1 to 16).")]
    public int Concurrency { get; init; } = 4;

    [Setting("s3-timeout", "Seconds one request may take before it is abandoned and retried.")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(100);

    [Setting("s3-max-retries", "Retries of one request on transient faults (timeouts, connection errors, 5xx, throttling), 0 to 10.")]
    public int MaxRetries { get; init; } = 3;

    [Setting("s3-checksums", "SDK integrity checksums: auto, when-supported, when-required (S3-compatible services may need when-required).")]
    public S3ChecksumMode Checksums { get; init; } = S3ChecksumMode.Auto;

    public long PartSizeBytes => (long)PartSizeMiB * 1024 * 1024;

    /// <summary>The store as it appears in logs: <c>s3://bucket/prefix</c> and the endpoint; never credentials.</summary>
    public string Description =>
        $"s3://{Bucket}/{Prefix?.Trim('/')}" + (string.IsNullOrEmpty(EndpointUrl) ? string.Empty : $" at {EndpointUrl}");

    /// <summary>Every problem with these settings, naming the setting, the value and what is accepted.</summary>
    public IReadOnlyList<FieldError> Problems()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(Bucket) || Bucket.Length is < 3 or > 63 || !BucketShape().IsMatch(Bucket) || Bucket.Contains("..", StringComparison.Ordinal))
        {
            errors.Add(new("s3-bucket", Bucket, "is not an S3 bucket name: 3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit"));
        }

        if (!string.IsNullOrEmpty(Prefix) && Prefix.Trim('/').Split('/').Select(StoreNames.Problem).FirstOrDefault(p => p is not null) is { } prefixProblem)
        {
            errors.Add(new("s3-prefix", Prefix, "has a segment that " + prefixProblem));
        }

        if (!string.IsNullOrEmpty(EndpointUrl)
            && (!Uri.TryCreate(EndpointUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || !string.IsNullOrEmpty(uri.UserInfo) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment)))
        {
            errors.Add(new("s3-endpoint-url", EndpointUrl, "is not an endpoint URL: give http(s)://host[:port][/path], without credentials or query"));
        }

        if (!string.IsNullOrEmpty(Region) && !RegionShape().IsMatch(Region))
        {
            errors.Add(new("s3-region", Region, "is not a region name: 1 to 32 lowercase letters, digits and '-' (e.g. eu-west-1)"));
        }

        if (PartSizeMiB is < MinPartSizeMiB or > MaxPartSizeMiB)
        {
            errors.Add(new("s3-part-size-mib", PartSizeMiB.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is out of range; accepted: {MinPartSizeMiB} to {MaxPartSizeMiB}"));
        }

        if (Concurrency is < 1 or > 16)
        {
            errors.Add(new("s3-concurrency", Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture), "is out of range; accepted: 1 to 16"));
        }

        if (MaxRetries is < 0 or > 10)
        {
            errors.Add(new("s3-max-retries", MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture), "is out of range; accepted: 0 to 10"));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add(new("s3-timeout", Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be more than 0 seconds"));
        }

        return errors;
    }

    /// <summary>Throws a <see cref="SettingsException"/> listing every problem, if any.</summary>
    public S3Settings Validated()
    {
        var problems = Problems();
        return problems.Count == 0 ? this : throw new SettingsException(problems.Select(p => "--" + p).ToList());
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketShape();

    [GeneratedRegex(@"^[a-z0-9-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionShape();
}
