using KmodForge.Errors;
using KmodForge.Targets;

namespace KmodForge.Kernels;

/// <summary>
/// The kernels.json model: per architecture, a sorted list of kernels without duplicates. Reading is
/// <see cref="KernelListJson.Parse(ReadOnlySpan{byte}, string)"/>, writing is <see cref="KernelListJson.Write"/>; the same content
/// always gives the same bytes.
/// </summary>
public sealed class KernelList
{
    private readonly SortedDictionary<Architecture, List<KernelEntry>> byArchitecture = [];

    public KernelList()
    {
        foreach (var architecture in Enum.GetValues<Architecture>())
        {
            byArchitecture[architecture] = [];
        }
    }

    /// <summary>The kernels of one architecture, in entry order (<see cref="KernelEntry.Order"/>).</summary>
    public IReadOnlyList<KernelEntry> this[Architecture architecture] => byArchitecture[architecture];

    public int Count => byArchitecture.Values.Sum(l => l.Count);

    /// <summary>Every (architecture, entry), architectures in enum order.</summary>
    public IEnumerable<(Architecture Architecture, KernelEntry Entry)> All() =>
        byArchitecture.SelectMany(p => p.Value.Select(e => (p.Key, e)));

    /// <summary>
    /// Adds a kernel, keeping the order. A missing distro version is filled in from the registry (derived from the
    /// release, or the distribution's default) so the same kernel is never listed twice under two spellings. Returns
    /// true when the list changed: a new kernel, or new headers for a kernel already listed; false for a duplicate.
    /// </summary>
    public bool Add(Architecture architecture, KernelEntry entry)
    {
        entry = Normalize(architecture, entry);
        var list = byArchitecture[architecture];
        var index = list.BinarySearch(entry, KernelEntry.Order);
        if (index >= 0)
        {
            if (list[index].Equals(entry) || entry.Headers.Count == 0)
            {
                return false;
            }

            list[index] = entry;
            return true;
        }

        list.Insert(~index, entry);
        return true;
    }

    /// <summary>Adds every kernel of <paramref name="other"/>; returns how many changed this list.</summary>
    public int Merge(KernelList other) => other.All().Count(x => Add(x.Architecture, x.Entry));

    /// <summary>Validates every entry against the registry; each error's field is prefixed with the entry's JSON path.</summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        foreach (var (architecture, list) in byArchitecture)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var result = list[i].Validate(architecture, ValidationDriverVersion);
                errors.AddRange(result.Errors.Select(e => e with { Field = $"$.{architecture.KernelName()}[{i}].{JsonName(e.Field)}" }));
            }
        }

        return errors;
    }

    /// <summary>The driver version used when validating kernels on their own (any valid version gives the same answer).</summary>
    internal const string ValidationDriverVersion = "0.0.0";

    private static string JsonName(string validatorField) => validatorField switch
    {
        "kernel_version" => "kernelrelease",
        "distribution" => "target",
        "distro_version" => "distroversion",
        _ => validatorField,
    };

    private static KernelEntry Normalize(Architecture architecture, KernelEntry entry)
    {
        if (entry.DistroVersion is not null)
        {
            return entry;
        }

        var result = TargetValidator.Validate(new BuildRequest(entry.KernelRelease, architecture.KernelName(), entry.Target, null, ValidationDriverVersion));
        return result.Target is { } target ? entry with { DistroVersion = target.DistroVersion.Id } : entry;
    }
}
