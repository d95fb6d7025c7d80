using System.Text;
using KmodForge.Kernels;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>
/// A target's matrix key (<see cref="MatrixKernel.MatrixKey"/>: <c>debian/12/x86_64/6.1.0-28-amd64</c>) as UTF-8, the
/// bytes <c>Encoding.UTF8.GetBytes(MatrixKernel.MatrixKey(target))</c> gives, without the string: the prefix a
/// distribution version and architecture share (made once per group), then the release.
/// </summary>
internal static class MatrixKeyBytes
{
    /// <summary><c>debian/12/x86_64/</c>.</summary>
    public static byte[] Prefix(BuildTarget target) =>
        Encoding.UTF8.GetBytes($"{target.Distribution.Id}/{target.DistroVersion.Id}/{target.Architecture.KernelName()}/");

    /// <summary>A buffer of this many bytes holds the key.</summary>
    public static int MaxLength(byte[] prefix, BuildTarget target) => prefix.Length + Encoding.UTF8.GetMaxByteCount(target.KernelRelease.Length);

    /// <summary>Writes the key (<paramref name="prefix"/> is the target's <see cref="Prefix"/>); returns its length.</summary>
    public static int Write(byte[] prefix, BuildTarget target, Span<byte> buffer)
    {
        new ReadOnlySpan<byte>(prefix).CopyTo(buffer);
        return prefix.Length + Encoding.UTF8.GetBytes(target.KernelRelease, buffer[prefix.Length..]);
    }
}
