namespace Cake.Frosting;

/// <summary>A build definition mistake the host found (bad dependency, unknown target, bad option).</summary>
public sealed class FrostingException(string message) : Exception(message);
