using KmodForge.Errors;

namespace KmodForge.Packaging.Reading;

/// <summary>A package could not be read: it is malformed, uses an unsupported format, or holds an entry that is refused.</summary>
public class PackageReadException(string message) : KmodForgeException(message);

/// <summary>
/// A package entry was refused: an absolute path, a <c>..</c> component, a link pointing outside the extraction root,
/// or a size over the limits. The message names the package and the entry.
/// </summary>
public sealed class UnsafePackageEntryException(string packagePath, string entryName, string problem)
    : PackageReadException($"{packagePath}: entry {Printable.Quote(entryName)} refused: {problem}")
{
    public string EntryName { get; } = entryName;
}
