using Amazon.S3;
using Amazon.S3.Model;
using KmodForge.Diagnostics;

namespace KmodForge.Storage.S3;

/// <summary>
/// One multipart upload of a local file: initiate, upload the parts (a bounded number at once, each retried by the SDK),
/// complete. The object appears only on completion; on any failure or cancellation the upload is aborted so no parts
/// are left billed in the bucket.
/// </summary>
internal sealed class S3MultipartUpload(IAmazonS3 client, string bucket, string key, long partSize, int concurrency)
{
    /// <summary>S3 allows at most 10,000 parts; larger files get larger parts.</summary>
    public const int MaxParts = 10_000;

    public static long EffectivePartSize(long fileSize, long partSize) =>
        Math.Max(partSize, (fileSize + MaxParts - 1) / MaxParts);

    public async Task RunAsync(string path, long size, TransferProgress progress, CancellationToken cancellationToken)
    {
        var part = EffectivePartSize(size, partSize);
        var count = (int)((size + part - 1) / part);
        var init = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
        try
        {
            var etags = new PartETag[count];
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (index, ct) =>
            {
                var offset = index * part;
                var request = new UploadPartRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = init.UploadId,
                    PartNumber = index + 1,
                    FilePath = path,
                    FilePosition = offset,
                    PartSize = Math.Min(part, size - offset),
                    UseChunkEncoding = false,
                };
                request.StreamTransferProgress += (_, e) => progress.Add(e.IncrementTransferred);
                var response = await client.UploadPartAsync(request, ct).ConfigureAwait(false);
                etags[index] = new PartETag(index + 1, response.ETag);
            }).ConfigureAwait(false);

            await client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = bucket,
                Key = key,
                UploadId = init.UploadId,
                PartETags = [.. etags],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await AbortAsync(init.UploadId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task AbortAsync(string uploadId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonS3Exception or HttpRequestException or OperationCanceledException or IOException)
        {
            // Best effort: a bucket lifecycle rule (AbortIncompleteMultipartUpload) cleans up what this cannot.
        }
    }
}
