namespace KmodForge.Packaging.Rpm;

/// <summary>RPM header data types (rpm <c>format_header.md</c>).</summary>
internal enum RpmTagType
{
    Char = 1,
    Int8 = 2,
    Int16 = 3,
    Int32 = 4,
    Int64 = 5,
    String = 6,
    Bin = 7,
    StringArray = 8,
    I18nString = 9,
}
