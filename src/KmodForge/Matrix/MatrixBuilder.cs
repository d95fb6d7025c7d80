using System.Buffers;
using System.IO.Hashing;
using System.Text;
using KmodForge.Kernels;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>What happened to one kernel when compared with the previous matrix.</summary>
public enum KernelChange
{
    /// <summary>Not in the previous matrix (or the driver version changed: everything is new).</summary>
    New,
    /// <summary>In the previous matrix with other header URLs.</summary>
    Changed,
    /// <summary>Built before with the same inputs; not built again.</summary>
    Unchanged,
}

/// <summary>
/// Collects the full matrix kernel by kernel and diffs it against the previous matrix as it goes: only new and changed
/// kernels are kept whole (to be built); unchanged ones are kept as key and digest (for the next "previous"). A new
/// driver version makes every kernel new. Duplicates (same key) are counted and the first one wins.
/// </summary>
public sealed class MatrixBuilder(string driverVersion, PreviousMatrix? previous, SkipSummary skips)
{
    private readonly bool sameDriverVersion = previous is not null && previous.DriverVersion == driverVersion;

    // Keys as UTF-8 in one table, sized for a matrix like the previous one: a hundred thousand key strings held to the
    // end were as many long-lived objects for the collector to promote, and a large matrix is not rehashed as it grows
    // (a quarter more: a matrix grows over time, and past its size the index is rebuilt).
    private readonly PreviousDigestTable current = new((previous?.Count ?? 0) * 80, (previous?.Count ?? 0) * 5 / 4);
    // Plain lists and classes, not LINQ over tuples: a matrix run is short, and every generic instantiation the runtime
    // has no precompiled code for is jitted at its start.
    private readonly List<MatrixKernel> builds = [];
    private readonly List<GroupCounter> counts = [];
    private GroupCounter? lastGroup;
    private int newKernels;

    public string DriverVersion => driverVersion;

    /// <summary>True when a previous matrix exists for another driver version, so everything is rebuilt.</summary>
    public bool DriverVersionChanged => previous is not null && previous.DriverVersion != driverVersion;

    public int Count => current.Count;

    /// <summary>How many kernels of the previous matrix (whatever its driver version) were added again.</summary>
    public int StillListed { get; private set; }

    /// <summary>The previous matrix this builder diffs against.</summary>
    internal PreviousMatrix? Previous => previous;

    /// <summary>Adds a kernel; false (and counted as a duplicate) when its key was already added.</summary>
    public bool Add(MatrixKernel kernel)
    {
        // The key as UTF-8 (its group's prefix, then the release), hashed once for both tables; a string is made only
        // for a duplicate's report. A duplicate's group exists already: its first kernel made it.
        var target = kernel.Target;
        var group = Group(target);
        var length = MatrixKeyBytes.MaxLength(group.KeyPrefix, target);
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[length] : rented;
            var key = buffer[..MatrixKeyBytes.Write(group.KeyPrefix, target, buffer)];
            var hash = PreviousDigestTable.Hash(key);
            var digest = Digest(kernel.Headers);
            if (!current.TryAdd(key, hash, digest))
            {
                skips.Add(SkipReason.Duplicate, kernel.Source.ToString(), kernel.Key);
                return false;
            }

            ulong before = 0;
            var listedBefore = previous is not null && previous.TryGetDigest(key, hash, out before);
            Record(kernel, group, listedBefore, before, digest);
            return true;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private void Record(MatrixKernel kernel, GroupCounter group, bool listedBefore, ulong before, ulong digest)
    {
        StillListed += listedBefore ? 1 : 0;
        var change = !listedBefore || !sameDriverVersion ? KernelChange.New
            : before == digest ? KernelChange.Unchanged : KernelChange.Changed;
        if (change != KernelChange.Unchanged)
        {
            builds.Add(kernel);
            newKernels += change == KernelChange.New ? 1 : 0;
        }

        group.All++;
        group.Build += change == KernelChange.Unchanged ? 0 : 1;
    }

    /// <summary>The counter of a target's distribution version and architecture (a few dozen; kernels come in runs of one).</summary>
    private GroupCounter Group(BuildTarget target)
    {
        var (distribution, version, architecture) = (target.Distribution.Id, target.DistroVersion.Id, target.Architecture.KernelName());
        if (lastGroup is { } last && last.Is(distribution, version, architecture))
        {
            return last;
        }

        foreach (var counter in counts)
        {
            if (counter.Is(distribution, version, architecture))
            {
                return lastGroup = counter;
            }
        }

        counts.Add(lastGroup = new GroupCounter(distribution, version, architecture) { KeyPrefix = MatrixKeyBytes.Prefix(target) });
        return lastGroup;
    }

    private sealed class GroupCounter(string distribution, string version, string architecture)
    {
        public string Distribution { get; } = distribution;

        public string Version { get; } = version;

        public string Architecture { get; } = architecture;

        /// <summary>The UTF-8 start of its kernels' keys: <c>debian/12/x86_64/</c>.</summary>
        public required byte[] KeyPrefix { get; init; }

        public int All { get; set; }

        public int Build { get; set; }

        public bool Is(string d, string v, string a) =>
            string.Equals(d, Distribution, StringComparison.Ordinal) && string.Equals(v, Version, StringComparison.Ordinal) && string.Equals(a, Architecture, StringComparison.Ordinal);
    }

    /// <summary>Whether a kernel with this key was added.</summary>
    public bool Contains(string key) => current.TryGetValue(key, out _);

    /// <summary>The result: builds in a stable order (distribution, version, architecture, release in natural order).</summary>
    public MatrixDiff Build()
    {
        // Keys are unique and the comparers total, so the order is fully determined (an unstable sort is enough).
        var ordered = builds.ToArray();
        Array.Sort(ordered, static (a, b) => CompareBuildOrder(a.Target, b.Target));
        // Keys are unique, so the previous kernels not added again are the rest.
        var removed = sameDriverVersion ? previous!.Count - StillListed : 0;

        var groups = counts.ToArray();
        Array.Sort(groups, static (a, b) =>
        {
            var c = string.CompareOrdinal(a.Distribution, b.Distribution);
            c = c != 0 ? c : NaturalVersionComparer.Instance.Compare(a.Version, b.Version);
            return c != 0 ? c : string.CompareOrdinal(a.Architecture, b.Architecture);
        });
        var groupCounts = new List<MatrixGroupCount>(groups.Length);
        foreach (var g in groups)
        {
            groupCounts.Add(new MatrixGroupCount(g.Distribution, g.Version, g.Architecture, g.All, g.Build));
        }

        return new MatrixDiff(
            ordered,
            newKernels,
            ordered.Length - newKernels,
            current.Count - ordered.Length,
            removed,
            DriverVersionChanged,
            groupCounts,
            new PreviousMatrix(driverVersion, current));
    }

    /// <summary>Build order: distribution (ordinal), version and release (natural), architecture.</summary>
    private static int CompareBuildOrder(BuildTarget a, BuildTarget b)
    {
        var c = string.CompareOrdinal(a.Distribution.Id, b.Distribution.Id);
        c = c != 0 ? c : NaturalVersionComparer.Instance.Compare(a.DistroVersion.Id, b.DistroVersion.Id);
        c = c != 0 ? c : ((int)a.Architecture).CompareTo((int)b.Architecture);
        return c != 0 ? c : NaturalVersionComparer.Instance.Compare(a.KernelRelease, b.KernelRelease);
    }

    /// <summary>XxHash64 of the header URLs, each followed by '\n'.</summary>
    public static ulong Digest(IReadOnlyList<string> headers)
    {
        // All URLs in one buffer, hashed at once: the same value as appending them one by one, without a hasher object
        // per kernel.
        var needed = 0;
        for (var i = 0; i < headers.Count; i++)
        {
            needed += Encoding.UTF8.GetMaxByteCount(headers[i].Length) + 1;
        }

        var rented = needed > 2048 ? ArrayPool<byte>.Shared.Rent(needed) : null;
        try
        {
            Span<byte> buffer = rented is null ? stackalloc byte[needed] : rented;
            var length = 0;
            for (var i = 0; i < headers.Count; i++)
            {
                length += Encoding.UTF8.GetBytes(headers[i], buffer[length..]);
                buffer[length++] = (byte)'\n';
            }

            return XxHash64.HashToUInt64(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}

/// <summary>How many kernels of one distribution version and architecture are in the matrix, and how many are built.</summary>
public sealed record MatrixGroupCount(string Distribution, string Version, string Architecture, int Kernels, int Builds);

/// <summary>The full matrix compared with the previous one.</summary>
/// <param name="Builds">New and changed kernels, in build order.</param>
/// <param name="Unchanged">Kernels built before with the same inputs.</param>
/// <param name="Removed">Kernels of the previous matrix no longer listed (not built; reported).</param>
/// <param name="Next">The matrix to store as "previous" once the builds were dispatched.</param>
public sealed record MatrixDiff(
    IReadOnlyList<MatrixKernel> Builds,
    int New,
    int Changed,
    int Unchanged,
    int Removed,
    bool DriverVersionChanged,
    IReadOnlyList<MatrixGroupCount> Groups,
    PreviousMatrix Next);
