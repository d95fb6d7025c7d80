using System.Net;
using Amazon.Runtime;
using Amazon.S3;

namespace KmodForge.Storage.S3;

/// <summary>Turns SDK and network exceptions into one clear <see cref="BlobStoreException"/> naming the store and what to check.</summary>
internal static class S3Errors
{
    public static bool IsNotFound(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.NotFound && e.ErrorCode is not "NoSuchBucket";

    public static bool IsNoSuchBucket(AmazonS3Exception e) => e.ErrorCode == "NoSuchBucket";

    /// <summary>True when the exception is the caller's own cancellation, which must pass through unchanged.</summary>
    public static bool IsCallerCancellation(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && cancellationToken.IsCancellationRequested;

    /// <summary>
    /// True when the SDK found that downloaded bytes do not match the checksum the store sent (the ETag's MD5 or a
    /// flexible checksum): the object was replaced while it was read, or it is damaged. Worth one more read.
    /// </summary>
    public static bool IsChecksumMismatch(Exception e) =>
        e is AmazonClientException
        && (e.Message.Contains("hash", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("checksum", StringComparison.OrdinalIgnoreCase));

    public static BlobStoreException Translate(Exception e, string store, string operation, string key)
    {
        Diagnostics.ClientCallMetrics.S3Failed(operation);
        return Describe(e, store, operation, key);
    }

    private static BlobStoreException Describe(Exception e, string store, string operation, string key) => e switch
    {
        AmazonS3Exception s3 when IsNoSuchBucket(s3) =>
            new($"{store}: {operation} {key}: the bucket does not exist; create it or fix --s3-bucket.", e),
        AmazonS3Exception s3 when s3.StatusCode is HttpStatusCode.Forbidden || s3.ErrorCode is "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "AccessDenied" =>
            new($"{store}: {operation} {key}: access denied ({s3.ErrorCode}); check the AWS credentials (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE or the instance role) and the bucket policy.", e),
        AmazonServiceException service =>
            new($"{store}: {operation} {key}: S3 answered {(int)service.StatusCode} {service.ErrorCode}: {service.Message}", e),
        OperationCanceledException or TimeoutException =>
            new($"{store}: {operation} {key}: no answer within the timeout (--s3-timeout), after the retries (--s3-max-retries).", e),
        AmazonClientException client when client.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase) =>
            new($"{store}: {operation} {key}: no AWS credentials found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or run with an instance role.", e),
        _ when IsChecksumMismatch(e) =>
            new($"{store}: {operation} {key}: the bytes received do not match the checksum the store sent ({e.Message}); the object was replaced during the download or is damaged; nothing was written (after the retries, --s3-max-retries).", e),
        _ => new($"{store}: {operation} {key}: cannot reach the store ({Innermost(e)}), after the retries (--s3-max-retries).", e),
    };

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e.Message;
    }
}
