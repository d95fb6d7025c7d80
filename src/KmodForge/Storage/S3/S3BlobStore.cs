using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using KmodForge.Diagnostics;
using KmodForge.IO;

namespace KmodForge.Storage.S3;

/// <summary>
/// A blob store in an S3 bucket (AWS or an S3-compatible service). Objects up to one part are sent with one PUT, larger
/// ones as a multipart upload; both are atomic per object (the object appears only when complete), so two jobs
/// uploading the same key both succeed and leave one whole object. Downloads go to a temporary file beside the
/// destination and are renamed into place once their length is checked. Requests have a timeout and bounded retries
/// (the SDK's standard retry mode); failures become <see cref="BlobStoreException"/>.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly S3Settings settings;
    private readonly IBuildLog log;
    private readonly IAmazonS3 client;
    private readonly string store;
    private volatile bool bucketChecked;

    /// <param name="credentials">Explicit credentials (tests); null for the standard AWS credential chain.</param>
    public S3BlobStore(S3Settings settings, IBuildLog log, AWSCredentials? credentials = null)
    {
        this.settings = settings.Validated();
        this.log = log;
        client = S3ClientFactory.Create(settings, credentials);
        store = settings.Description;
    }

    public string Description => store;

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        try
        {
            await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = settings.Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            try
            {
                return await ConfirmMissingAsync(objectKey, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception inner) when (!S3Errors.IsCallerCancellation(inner, cancellationToken))
            {
                throw S3Errors.Translate(inner, store, "exists", key);
            }
        }
        catch (Exception e) when (!S3Errors.IsCallerCancellation(e, cancellationToken))
        {
            throw S3Errors.Translate(e, store, "exists", key);
        }
    }

    public async Task PutAsync(string key, string sourcePath, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        var size = new FileInfo(sourcePath).Length;
        var progress = new TransferProgress(log, $"upload {key}", size);
        try
        {
            if (size <= settings.PartSizeBytes)
            {
                var request = new PutObjectRequest
                {
                    BucketName = settings.Bucket,
                    Key = objectKey,
                    FilePath = sourcePath,
                    // Plain signed payloads: aws-chunked bodies are not understood by every S3-compatible service.
                    UseChunkEncoding = false,
                };
                request.StreamTransferProgress += (_, e) => progress.Add(e.IncrementTransferred);
                await client.PutObjectAsync(request, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var upload = new S3MultipartUpload(client, settings.Bucket!, objectKey, settings.PartSizeBytes, settings.Concurrency);
                await upload.RunAsync(sourcePath, size, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (!S3Errors.IsCallerCancellation(e, cancellationToken))
        {
            throw S3Errors.Translate(e, store, "upload", key);
        }

        log.Info($"{store}: uploaded {key}: {progress.Complete()}");
    }

    public async Task<bool> GetAsync(string key, string destinationPath, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await DownloadAsync(key, objectKey, destinationPath, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when ((e is IOException || S3Errors.IsChecksumMismatch(e)) && attempt <= settings.MaxRetries && !cancellationToken.IsCancellationRequested)
            {
                // The request succeeded but the body broke off or did not match its checksum (replaced mid-read): the
                // SDK does not retry that, so do it here, bounded.
                var delay = Net.RetryOptions.Default.DelayFor(attempt);
                log.Warning($"{store}: download {key} failed ({e.Message}); retry {attempt}/{settings.MaxRetries} in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!S3Errors.IsCallerCancellation(e, cancellationToken))
            {
                throw S3Errors.Translate(e, store, "download", key);
            }
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var objectKey = ObjectKey(key);
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = settings.Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!S3Errors.IsCallerCancellation(e, cancellationToken))
        {
            throw S3Errors.Translate(e, store, "delete", key);
        }
    }

    public void Dispose() => client.Dispose();

    private async Task<bool> DownloadAsync(string key, string objectKey, string destinationPath, CancellationToken cancellationToken)
    {
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(new GetObjectRequest { BucketName = settings.Bucket, Key = objectKey }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            return false;
        }

        using (response)
        {
            var expected = response.ContentLength;
            var progress = new TransferProgress(log, $"download {key}", expected);
            long written = 0;
            await AtomicFile.WriteAsync(destinationPath, async (file, ct) =>
            {
                await using var counted = new ProgressStream(file, progress, leaveOpen: true);
                await response.ResponseStream.CopyToAsync(counted, 1 << 20, ct).ConfigureAwait(false);
                written = file.Length;
                if (written != expected)
                {
                    throw new IOException($"received {written} of {expected} bytes");
                }
            }, cancellationToken).ConfigureAwait(false);
            log.Info($"{store}: downloaded {key}: {progress.Complete()}");
            return true;
        }
    }

    /// <summary>
    /// After a HEAD 404 (which S3 answers for a missing bucket as well as a missing key), asks once with a one-byte GET,
    /// whose error body names the cause: NoSuchKey (false), NoSuchBucket (an error), or the object after all (true).
    /// </summary>
    private async Task<bool> ConfirmMissingAsync(string objectKey, CancellationToken cancellationToken)
    {
        if (bucketChecked)
        {
            return false;
        }

        try
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = settings.Bucket, Key = objectKey, ByteRange = new ByteRange(0, 0) }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception e) when (S3Errors.IsNotFound(e))
        {
            bucketChecked = true;
            return false;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "InvalidRange")
        {
            return true;
        }
    }

    /// <summary>The S3 object key: the prefix and the key, validated by the same rule as every blob store.</summary>
    private string ObjectKey(string key)
    {
        LocalDirectoryBlobStore.ValidateKey(key);
        var prefix = settings.Prefix?.Trim('/');
        return string.IsNullOrEmpty(prefix) ? key : prefix + "/" + key;
    }
}
