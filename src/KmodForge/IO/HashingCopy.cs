using System.Security.Cryptography;

namespace KmodForge.IO;

/// <summary>
/// The one bounded, hashing copy: source to target in 80 KiB blocks, hashed as it goes, refused past a size limit,
/// cancellable. Downloads (headers, repository metadata) and the local release store's verified reads use it.
/// </summary>
public static class HashingCopy
{
    /// <summary>Copies and returns the lowercase hex digest and the byte count.</summary>
    /// <param name="tooLarge">The exception to throw when more than <paramref name="maxBytes"/> arrive (given the count so far).</param>
    /// <param name="progress">Called after each block with the bytes copied so far.</param>
    public static async Task<(string Hex, long Length)> CopyAsync(
        Stream source, Stream target, HashAlgorithmName algorithm, CancellationToken cancellationToken,
        long maxBytes = long.MaxValue, Func<long, Exception>? tooLarge = null, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        using var hash = IncrementalHash.CreateHash(algorithm);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (length > maxBytes)
            {
                throw tooLarge?.Invoke(length) ?? new InvalidDataException($"more than {maxBytes:N0} bytes");
            }

            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            progress?.Invoke(length);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }
}
