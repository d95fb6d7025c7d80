namespace KmodForge.Containers.Emulation;

/// <summary>What the host's binfmt_misc says: whether it is mounted and enabled, and its registrations.</summary>
/// <param name="Mounted">Whether <c>/proc/sys/fs/binfmt_misc</c> is mounted (it has a <c>status</c> file).</param>
/// <param name="Enabled">Whether its <c>status</c> file says <c>enabled</c>.</param>
public sealed record BinfmtState(bool Mounted, bool Enabled, IReadOnlyList<BinfmtEntry> Entries)
{
    public static BinfmtState NotMounted { get; } = new(false, false, []);
}
