namespace KmodForge.Sources;

/// <summary>
/// The materialized module sources under the build's work directory: <c>&lt;work&gt;/sources/&lt;key&gt;</c>, one
/// directory per content (a package's or tarball's SHA-256, a git commit). Each is filled in a temporary sibling and
/// renamed into place, so a directory there is always complete; a second build of the same content reuses it.
/// </summary>
public sealed class SourceCache(string workDirectory)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(workDirectory), "sources");

    public string PathOf(string key) => Path.Combine(Root, key);

    public bool Has(string key) => Directory.Exists(PathOf(key));

    /// <summary>The directory for <paramref name="key"/>: the cached one, or a new one <paramref name="fill"/> writes (given an empty temporary directory).</summary>
    public async Task<(string Directory, bool Cached)> GetOrCreateAsync(string key, Func<string, Task> fill)
    {
        var final = PathOf(key);
        if (Directory.Exists(final))
        {
            return (final, true);
        }

        Directory.CreateDirectory(Root);
        var temp = Path.Combine(Root, $".tmp-{key}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            await fill(temp).ConfigureAwait(false);
            try
            {
                Directory.Move(temp, final);
            }
            catch (IOException) when (Directory.Exists(final))
            {
                // Another build materialized the same content first: use that one.
                Directory.Delete(temp, recursive: true);
                return (final, true);
            }

            return (final, false);
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }
}
