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
    private readonly IReadOnlyDictionary<string, ulong> previousDigests =
        previous is not null && previous.DriverVersion == driverVersion ? previous.Digests : new Dictionary<string, ulong>();

    // Sized for a matrix like the previous one, so a large matrix is not rehashed over and over as it grows.
    private readonly Dictionary<string, ulong> current = new(previous?.Count ?? 0, StringComparer.Ordinal);
    private readonly List<(MatrixKernel Kernel, KernelChange Change)> builds = [];
    private readonly Dictionary<(string Distribution, string Version, string Architecture), (int All, int Build)> counts = [];

    public string DriverVersion => driverVersion;

    /// <summary>True when a previous matrix exists for another driver version, so everything is rebuilt.</summary>
    public bool DriverVersionChanged => previous is not null && previous.DriverVersion != driverVersion;

    public int Count => current.Count;

    /// <summary>Adds a kernel; false (and counted as a duplicate) when its key was already added.</summary>
    public bool Add(MatrixKernel kernel)
    {
        var key = kernel.Key;
        var digest = Digest(kernel.Headers);
        if (!current.TryAdd(key, digest))
        {
            skips.Add(SkipReason.Duplicate, kernel.Source.ToString(), key);
            return false;
        }

        var change = previousDigests.TryGetValue(key, out var before)
            ? before == digest ? KernelChange.Unchanged : KernelChange.Changed
            : KernelChange.New;
        if (change != KernelChange.Unchanged)
        {
            builds.Add((kernel, change));
        }

        var group = (kernel.Target.Distribution.Id, kernel.Target.DistroVersion.Id, kernel.Target.Architecture.KernelName());
        var (all, build) = counts.GetValueOrDefault(group);
        counts[group] = (all + 1, build + (change == KernelChange.Unchanged ? 0 : 1));
        return true;
    }

    /// <summary>Whether a kernel with this key was added.</summary>
    public bool Contains(string key) => current.ContainsKey(key);

    /// <summary>The result: builds in a stable order (distribution, version, architecture, release in natural order).</summary>
    public MatrixDiff Build()
    {
        var ordered = builds
            .OrderBy(b => b.Kernel.Target.Distribution.Id, StringComparer.Ordinal)
            .ThenBy(b => b.Kernel.Target.DistroVersion.Id, NaturalVersionComparer.Instance)
            .ThenBy(b => b.Kernel.Target.Architecture)
            .ThenBy(b => b.Kernel.Target.KernelRelease, NaturalVersionComparer.Instance)
            .ToList();
        var removed = previousDigests.Keys.Count(k => !current.ContainsKey(k));
        return new MatrixDiff(
            ordered.Select(b => b.Kernel).ToList(),
            ordered.Count(b => b.Change == KernelChange.New),
            ordered.Count(b => b.Change == KernelChange.Changed),
            current.Count - ordered.Count,
            removed,
            DriverVersionChanged,
            counts.OrderBy(c => c.Key.Distribution, StringComparer.Ordinal).ThenBy(c => c.Key.Version, NaturalVersionComparer.Instance)
                .ThenBy(c => c.Key.Architecture, StringComparer.Ordinal)
                .Select(c => new MatrixGroupCount(c.Key.Distribution, c.Key.Version, c.Key.Architecture, c.Value.All, c.Value.Build)).ToList(),
            new PreviousMatrix(driverVersion, current));
    }

    /// <summary>XxHash64 of the header URLs, each followed by '\n'.</summary>
    public static ulong Digest(IReadOnlyList<string> headers)
    {
        var hash = new XxHash64();
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            foreach (var url in headers)
            {
                var needed = Encoding.UTF8.GetMaxByteCount(url.Length) + 1;
                if (needed > buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(needed);
                }

                var length = Encoding.UTF8.GetBytes(url, buffer);
                buffer[length] = (byte)'\n';
                hash.Append(buffer.AsSpan(0, length + 1));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return hash.GetCurrentHashAsUInt64();
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
