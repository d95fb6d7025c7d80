namespace KmodForge.Containers;

/// <summary>How docker and podman spell the same image reference, and the one spelling KmodForge compares.</summary>
public static class ImageReferences
{
    /// <summary>Without podman's <c>localhost/</c> (its name for an image that came from no registry).</summary>
    public static string WithoutLocalhost(string reference) =>
        reference.StartsWith(LocalPrefix, StringComparison.Ordinal) ? reference[LocalPrefix.Length..] : reference;

    /// <summary>Without <c>localhost/</c>, <c>docker.io/library/</c> or <c>docker.io/</c>: <c>kmodforge/base-debian:12-amd64</c> whoever says it.</summary>
    public static string Unqualified(string reference)
    {
        var local = WithoutLocalhost(reference);
        foreach (var prefix in (string[])["docker.io/library/", "docker.io/"])
        {
            if (local.StartsWith(prefix, StringComparison.Ordinal))
            {
                return local[prefix.Length..];
            }
        }

        return local;
    }

    private const string LocalPrefix = "localhost/";
}
