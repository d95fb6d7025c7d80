using KmodForge.Errors;

namespace KmodForge.Images.ImageCache;

/// <summary>A base image's content key could not be computed (missing Dockerfile, a COPY source outside or missing from the context).</summary>
public sealed class BaseImageKeyException(string message, Exception? inner = null) : KmodForgeException(message, inner);
