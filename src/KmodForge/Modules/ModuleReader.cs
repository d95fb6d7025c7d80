using System.Text;

namespace KmodForge.Modules;

/// <summary>
/// Reads a kernel module file (<c>.ko</c>, <c>.ko.xz</c>, <c>.ko.zst</c>, <c>.ko.gz</c>) the way <c>modinfo</c> does:
/// the <c>.modinfo</c> section's NUL-separated <c>key=value</c> strings, the ELF machine and the appended signature.
/// Anything unreadable is a <see cref="ModuleVerificationException"/> naming the file and the problem.
/// </summary>
public static class ModuleReader
{
    public static ModuleInfo Read(string path)
    {
        byte[] bytes;
        string compression;
        try
        {
            (bytes, compression) = ModuleCompression.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModuleVerificationException($"{path}: cannot read the module file: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new ModuleVerificationException($"{path}: not a readable kernel module: {e.Message}", e);
        }

        return Read(bytes, path, compression);
    }

    /// <summary>Reads a module already in memory (uncompressed). <paramref name="path"/> is used for messages and the name.</summary>
    public static ModuleInfo Read(ReadOnlyMemory<byte> bytes, string path, string compression = ModuleCompression.None)
    {
        try
        {
            var signature = ModuleSignature.Read(bytes.Span);
            var elfBytes = signature is null ? bytes : bytes[..(int)(bytes.Length - signature.TrailerLength)];
            var elf = ElfImage.Parse(elfBytes);
            if (elf.Type != ElfImage.RelocatableType)
            {
                throw new InvalidDataException($"its ELF type is {elf.Type}; a kernel module is a relocatable object (ET_REL = 1)");
            }

            var modinfo = elf.FindSection(".modinfo")
                ?? throw new InvalidDataException("it has no .modinfo section; it is an ELF object but not a kernel module built by kbuild");
            var fields = ParseModinfo(elf.SectionData(modinfo).Span);
            var name = fields["name"].FirstOrDefault() ?? NameFromPath(path);
            return new ModuleInfo
            {
                Path = path,
                Name = name,
                Version = fields["version"].FirstOrDefault(),
                Vermagic = fields["vermagic"].FirstOrDefault(),
                License = fields["license"].FirstOrDefault(),
                Description = fields["description"].FirstOrDefault(),
                ElfMachine = elf.Machine,
                Is64Bit = elf.Is64Bit,
                IsBigEndian = elf.IsBigEndian,
                Compression = compression,
                Signature = signature,
                Fields = fields,
            };
        }
        catch (InvalidDataException e)
        {
            throw new ModuleVerificationException($"{Path.GetFileName(path)}: not a readable kernel module: {e.Message}", e);
        }
    }

    /// <summary>
    /// Splits <c>.modinfo</c>: NUL-separated <c>key=value</c> strings, possibly with NUL padding between them. Strings
    /// without '=' are not fields and are skipped, as modinfo does.
    /// </summary>
    public static ILookup<string, string> ParseModinfo(ReadOnlySpan<byte> section)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var range in section.Split((byte)0))
        {
            var entry = section[range];
            var eq = entry.IndexOf((byte)'=');
            if (eq <= 0)
            {
                continue;
            }

            pairs.Add(new(Encoding.UTF8.GetString(entry[..eq]), Encoding.UTF8.GetString(entry[(eq + 1)..])));
        }

        return pairs.ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary><c>/x/kfsample.ko.xz</c> → <c>kfsample</c>.</summary>
    public static string NameFromPath(string path)
    {
        var name = Path.GetFileName(path);
        foreach (var suffix in new[] { ".xz", ".zst", ".gz" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
                break;
            }
        }

        return name.EndsWith(".ko", StringComparison.Ordinal) ? name[..^3] : name;
    }
}
