namespace KmodForge.Containers.Emulation;

/// <summary>
/// One binfmt_misc registration as the kernel reports it in <c>/proc/sys/fs/binfmt_misc/&lt;name&gt;</c>:
/// <c>enabled</c>/<c>disabled</c>, <c>interpreter PATH</c>, <c>flags: PF</c>, <c>magic HEX</c>.
/// </summary>
/// <param name="Name">The entry's file name (<c>qemu-aarch64</c>).</param>
/// <param name="Flags">The flag letters; <c>F</c> (fix binary) means the kernel opened the interpreter at registration,
/// so it also serves inside containers whose file system does not contain it.</param>
public sealed record BinfmtEntry(string Name, bool Enabled, string? Interpreter, string Flags, string? Magic)
{
    /// <summary>True when the interpreter is opened at registration (flag F), so it works inside containers.</summary>
    public bool FixBinary => Flags.Contains('F', StringComparison.Ordinal);

    /// <summary>Parses the text of an entry file; unknown lines are ignored.</summary>
    public static BinfmtEntry Parse(string name, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var enabled = false;
        string? interpreter = null;
        string? magic = null;
        var flags = string.Empty;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line == "enabled")
            {
                enabled = true;
            }
            else if (line.StartsWith("interpreter ", StringComparison.Ordinal))
            {
                interpreter = line["interpreter ".Length..].Trim();
            }
            else if (line.StartsWith("flags:", StringComparison.Ordinal))
            {
                flags = line["flags:".Length..].Trim();
            }
            else if (line.StartsWith("magic ", StringComparison.Ordinal))
            {
                magic = line["magic ".Length..].Trim();
            }
        }

        return new BinfmtEntry(name, enabled, interpreter, flags, magic);
    }
}
