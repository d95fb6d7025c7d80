namespace KmodForge.Modules;

/// <summary>One ELF section header, with its name resolved from the section name string table.</summary>
/// <param name="Name">The section name, e.g. <c>.modinfo</c>.</param>
/// <param name="Type">sh_type (1 PROGBITS, 8 NOBITS, ...).</param>
/// <param name="Offset">sh_offset: where its bytes start in the file.</param>
/// <param name="Size">sh_size in bytes.</param>
public sealed record ElfSection(string Name, uint Type, long Offset, long Size)
{
    /// <summary>SHT_NOBITS: the section occupies no bytes in the file (.bss).</summary>
    public const uint NoBits = 8;

    public bool HasFileData => Type != NoBits;
}
