using System.IO.Hashing;
using System.Text;

namespace KmodForge.Matrix;

/// <summary>
/// The keys and digests of a previous-matrix file as read: every key's UTF-8 in one byte array, looked up through an
/// open-addressing index of plain integers. A nightly matrix reads about a hundred thousand keys and looks each new
/// kernel up once; kept as strings in a dictionary they were a hundred thousand long-lived objects for the garbage
/// collector to copy from generation to generation, and most of the time spent reading the file. The matrix being
/// built is kept the same way (<see cref="MatrixBuilder"/>), its keys hashed once for both tables (<see cref="Hash"/>).
/// </summary>
internal sealed class PreviousDigestTable
{
    private byte[] keys;
    private int used;
    private int[] starts;
    private ulong[] digests;
    private int[] slots;

    /// <param name="keyBytes">At least the total UTF-8 length of the keys (the file's length will do).</param>
    public PreviousDigestTable(int keyBytes, int expectedCount)
    {
        keys = GC.AllocateUninitializedArray<byte>(Math.Max(keyBytes, 16));
        starts = new int[Math.Max(expectedCount, 4) + 1];
        digests = new ulong[Math.Max(expectedCount, 4)];
        slots = new int[SlotsFor(expectedCount)];
    }

    public int Count { get; private set; }

    /// <summary>Adds a key (UTF-8) with its digest; a key given twice keeps the last digest, as a dictionary would.</summary>
    public void Set(ReadOnlySpan<byte> key, ulong digest)
    {
        var hash = Hash(key);
        var slot = Find(key, hash);
        if (slots[slot] != 0)
        {
            digests[slots[slot] - 1] = digest;
            return;
        }

        Insert(key, hash, slot, digest);
    }

    /// <summary>Adds a key (UTF-8, <paramref name="hash"/> its <see cref="Hash"/>) unless it is there: false, and the
    /// digest it has kept, when it is.</summary>
    public bool TryAdd(ReadOnlySpan<byte> key, ulong hash, ulong digest)
    {
        var slot = Find(key, hash);
        if (slots[slot] != 0)
        {
            return false;
        }

        Insert(key, hash, slot, digest);
        return true;
    }

    /// <summary>The hash the index uses; a caller looking one key up in several tables computes it once.</summary>
    public static ulong Hash(ReadOnlySpan<byte> key) => XxHash3.HashToUInt64(key);

    private void Insert(ReadOnlySpan<byte> key, ulong hash, int slot, ulong digest)
    {
        if (Count + 1 >= starts.Length || (Count + 1) * 2 > slots.Length)
        {
            Grow();
            slot = Find(key, hash);
        }

        if (used + key.Length > keys.Length)
        {
            Array.Resize(ref keys, Math.Max(keys.Length * 2, used + key.Length));
        }

        key.CopyTo(keys.AsSpan(used));
        starts[Count] = used;
        used += key.Length;
        starts[Count + 1] = used;
        digests[Count] = digest;
        slots[slot] = ++Count;
    }

    public bool TryGetValue(string key, out ulong digest)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        Span<byte> buffer = length <= 1024 ? stackalloc byte[length] : new byte[length];
        var utf8 = buffer[..Encoding.UTF8.GetBytes(key, buffer)];
        return TryGetValue(utf8, Hash(utf8), out digest);
    }

    public bool TryGetValue(ReadOnlySpan<byte> key, ulong hash, out ulong digest)
    {
        var entry = slots[Find(key, hash)];
        digest = entry == 0 ? 0 : digests[entry - 1];
        return entry != 0;
    }

    /// <summary>Every key and digest, as strings (for the callers that enumerate the previous matrix).</summary>
    public Dictionary<string, ulong> ToDictionary()
    {
        var result = new Dictionary<string, ulong>(Count, StringComparer.Ordinal);
        for (var i = 0; i < Count; i++)
        {
            result[Encoding.UTF8.GetString(Key(i))] = digests[i];
        }

        return result;
    }

    private ReadOnlySpan<byte> Key(int entry) => keys.AsSpan(starts[entry], starts[entry + 1] - starts[entry]);

    /// <summary>The slot holding <paramref name="key"/>, or the empty slot where it would go.</summary>
    private int Find(ReadOnlySpan<byte> key, ulong hash)
    {
        var mask = slots.Length - 1;
        var slot = (int)hash & mask;
        while (slots[slot] != 0 && !Key(slots[slot] - 1).SequenceEqual(key))
        {
            slot = (slot + 1) & mask;
        }

        return slot;
    }

    private void Grow()
    {
        Array.Resize(ref starts, (starts.Length - 1) * 2 + 1);
        Array.Resize(ref digests, digests.Length * 2);
        slots = new int[SlotsFor(digests.Length)];
        for (var i = 0; i < Count; i++)
        {
            slots[Find(Key(i), Hash(Key(i)))] = i + 1;
        }
    }

    /// <summary>A power of two at least twice the count: probes stay short.</summary>
    private static int SlotsFor(int count) => (int)Math.Max(16, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 4) * 2));
}
