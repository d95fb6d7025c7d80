using KmodForge.Errors;

namespace KmodForge.Storage;

/// <summary>
/// A blob store could not serve a request: unreachable, refused the credentials, missing bucket, or an error that
/// survived the retries. The message names the store (never a secret) and what to check. Callers that have another
/// source (the image cache) catch this, warn, and go on.
/// </summary>
public sealed class BlobStoreException(string message, Exception? inner = null) : KmodForgeException(message, inner);
