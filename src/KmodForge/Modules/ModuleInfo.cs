namespace KmodForge.Modules;

/// <summary>What a kernel module file says about itself: its <c>.modinfo</c> fields, ELF machine and signature.</summary>
public sealed record ModuleInfo
{
    /// <summary>The file read (as given).</summary>
    public required string Path { get; init; }

    /// <summary>The module name: modinfo <c>name</c>, or the file name without <c>.ko</c> and compression suffix.</summary>
    public required string Name { get; init; }

    public string? Version { get; init; }

    public string? Vermagic { get; init; }

    public string? License { get; init; }

    public string? Description { get; init; }

    /// <summary>The ELF e_machine (62 x86-64, 183 AArch64).</summary>
    public required ushort ElfMachine { get; init; }

    public required bool Is64Bit { get; init; }

    public required bool IsBigEndian { get; init; }

    /// <summary>The compression the file was read through: <c>none</c>, <c>xz</c>, <c>zstd</c> or <c>gzip</c>.</summary>
    public string Compression { get; init; } = ModuleCompression.None;

    public bool IsSigned => Signature is not null;

    public ModuleSignature? Signature { get; init; }

    /// <summary>Every <c>.modinfo</c> field; keys may repeat (<c>alias</c>, <c>depends</c>, <c>parm</c>, <c>parmtype</c>).</summary>
    public required ILookup<string, string> Fields { get; init; }

    /// <summary>The first value of a field, or null.</summary>
    public string? Field(string key) => Fields[key].FirstOrDefault();

    /// <summary>Modules this one depends on (modinfo <c>depends</c>, comma-separated, empty when none).</summary>
    public IReadOnlyList<string> Depends =>
        (Field("depends") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
