namespace KmodForge.Targets;

/// <summary>The native package format of a distribution.</summary>
public enum PackageFormat
{
    Deb,
    Rpm,
}

public static class PackageFormatExtensions
{
    public static string Extension(this PackageFormat format) => format switch
    {
        PackageFormat.Deb => "deb",
        PackageFormat.Rpm => "rpm",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The architecture as this format's metadata and file names spell it.</summary>
    public static string ArchName(this PackageFormat format, Architecture arch) => format switch
    {
        PackageFormat.Deb => arch.DebianName(),
        PackageFormat.Rpm => arch.RpmName(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
