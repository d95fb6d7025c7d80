using KmodForge.Targets;

namespace KmodForge.Packaging;

/// <summary>Writes a native package from a <see cref="PackageSpec"/>, atomically, to a path.</summary>
public interface IPackageWriter
{
    PackageFormat Format { get; }

    void Write(PackageSpec spec, string outputPath);
}
