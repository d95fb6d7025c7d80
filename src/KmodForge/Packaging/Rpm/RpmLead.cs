using System.Buffers.Binary;
using System.Text;
using KmodForge.Targets;

namespace KmodForge.Packaging.Rpm;

/// <summary>The 96-byte RPM lead (<c>format_lead.md</c>): magic, version 3.0, binary type, arch number, NVR, Linux, signature type 5.</summary>
public static class RpmLead
{
    public const int Length = 96;

    public static ReadOnlySpan<byte> Magic => [0xED, 0xAB, 0xEE, 0xDB];

    public static byte[] Build(string nameVersionRelease, Architecture architecture)
    {
        var lead = new byte[Length];
        Magic.CopyTo(lead);
        lead[4] = 3;
        lead[5] = 0;
        BinaryPrimitives.WriteInt16BigEndian(lead.AsSpan(6), 0);
        BinaryPrimitives.WriteInt16BigEndian(lead.AsSpan(8), ArchNumber(architecture));
        var name = Encoding.UTF8.GetBytes(nameVersionRelease);
        name.AsSpan(0, Math.Min(name.Length, 65)).CopyTo(lead.AsSpan(10));
        BinaryPrimitives.WriteInt16BigEndian(lead.AsSpan(76), 1);
        BinaryPrimitives.WriteInt16BigEndian(lead.AsSpan(78), 5);
        return lead;
    }

    /// <summary>rpmrc's arch numbers: x86_64 1, aarch64 19.</summary>
    public static short ArchNumber(Architecture architecture) => architecture switch
    {
        Architecture.X86_64 => 1,
        Architecture.Aarch64 => 19,
        _ => throw new ArgumentOutOfRangeException(nameof(architecture), architecture, null),
    };
}
