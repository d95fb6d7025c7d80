namespace KmodForge.Containers.Emulation;

/// <summary>
/// Reads <c>/proc/sys/fs/binfmt_misc</c> (or another folder with the same layout): its <c>status</c> file and every
/// registration in it. Unreadable entries are skipped; a missing folder or status file means not mounted.
/// </summary>
public sealed class BinfmtProbe(string directory = BinfmtProbe.DefaultDirectory) : IEmulationProbe
{
    public const string DefaultDirectory = "/proc/sys/fs/binfmt_misc";

    public BinfmtState Read()
    {
        var status = Path.Combine(directory, "status");
        if (!File.Exists(status))
        {
            return BinfmtState.NotMounted;
        }

        var enabled = TryRead(status)?.Trim() == "enabled";
        var entries = new List<BinfmtEntry>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            if (name is "status" or "register" || TryRead(file) is not { } text)
            {
                continue;
            }

            entries.Add(BinfmtEntry.Parse(name, text));
        }

        return new BinfmtState(true, enabled, entries);
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
