using System.Text;
using KmodForge.Kernels;
using KmodForge.Targets;

namespace KmodForge.Matrix;

/// <summary>
/// A target's matrix key (<see cref="MatrixKernel.MatrixKey"/>: <c>debian/12/x86_64/6.1.0-28-amd64</c>) written as UTF-8
/// into a caller's buffer, the bytes <c>Encoding.UTF8.GetBytes(MatrixKernel.MatrixKey(target))</c> gives, without the string.
/// </summary>
internal static class MatrixKeyBytes
{
    /// <summary>A buffer of this many bytes holds the key.</summary>
    public static int MaxLength(BuildTarget target) =>
        Encoding.UTF8.GetMaxByteCount(target.Distribution.Id.Length + target.DistroVersion.Id.Length
            + target.Architecture.KernelName().Length + target.KernelRelease.Length + 3);

    /// <summary>Writes the key; returns its length.</summary>
    public static int Write(BuildTarget target, Span<byte> buffer)
    {
        var length = Encoding.UTF8.GetBytes(target.Distribution.Id, buffer);
        buffer[length++] = (byte)'/';
        length += Encoding.UTF8.GetBytes(target.DistroVersion.Id, buffer[length..]);
        buffer[length++] = (byte)'/';
        length += Encoding.UTF8.GetBytes(target.Architecture.KernelName(), buffer[length..]);
        buffer[length++] = (byte)'/';
        return length + Encoding.UTF8.GetBytes(target.KernelRelease, buffer[length..]);
    }
}
