namespace KmodForge.Tests.Layering;

/// <summary>The arrows between units (namespaces of the library, entry points), each with one example of a use behind it.</summary>
internal sealed class NamespaceGraph
{
    private readonly Dictionary<(string From, string To), string> arrows = [];

    private NamespaceGraph()
    {
    }

    public IReadOnlyDictionary<(string From, string To), string> Arrows => arrows;

    public IEnumerable<string> Units => arrows.Keys.SelectMany(a => new[] { a.From, a.To }).Distinct();

    public static NamespaceGraph Read() => Read(Layers.Assemblies.SelectMany(TypeReferences.LoadableTypes));

    /// <param name="unitOf">Which unit a type belongs to (default <see cref="Layers.UnitOf"/>; a test places a sample type).</param>
    public static NamespaceGraph Read(IEnumerable<Type> types, Func<Type, string?>? unitOf = null)
    {
        unitOf ??= Layers.UnitOf;
        var graph = new NamespaceGraph();
        foreach (var type in types)
        {
            if (unitOf(type) is not { } from)
            {
                continue;
            }

            foreach (var used in TypeReferences.Of(type))
            {
                if (unitOf(used) is { } to && to != from)
                {
                    graph.arrows.TryAdd((from, to), $"{type.FullName} uses {used.FullName}");
                }
            }
        }

        return graph;
    }

    /// <summary>The arrows that break the layering: upward, or sideways without being listed.</summary>
    public IEnumerable<string> Violations()
    {
        foreach (var ((from, to), example) in arrows.OrderBy(a => a.Key))
        {
            if (from == Layers.FrostingShim)
            {
                yield return $"{from} → {to}: the shim must not know KmodForge ({example})";
                continue;
            }

            if (to == Layers.FrostingShim)
            {
                continue; // the build host's own tasks use the shim's API, as they would the package's
            }

            var (fromLayer, toLayer) = (Layers.LayerOf(from), Layers.LayerOf(to));
            if (fromLayer is null || toLayer is null)
            {
                yield return $"{from} → {to}: {(fromLayer is null ? from : to)} has no layer; place it in docs/architecture.md and Layers.cs ({example})";
            }
            else if (fromLayer < toLayer)
            {
                yield return $"{from} (layer {fromLayer}) → {to} (layer {toLayer}) points up ({example})";
            }
            else if (fromLayer == toLayer && !Layers.Sideways.Contains((from, to)))
            {
                yield return $"{from} → {to} is sideways in layer {fromLayer} and not an allowed arrow ({example})";
            }
        }
    }

    /// <summary>Each cycle (a strongly connected set of more than one unit), as the units in it.</summary>
    public IEnumerable<IReadOnlyList<string>> Cycles()
    {
        var next = arrows.Keys.GroupBy(a => a.From).ToDictionary(g => g.Key, g => g.Select(a => a.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var cycles = new List<IReadOnlyList<string>>();

        void Visit(string unit)
        {
            index[unit] = low[unit] = index.Count;
            stack.Push(unit);
            foreach (var to in next.GetValueOrDefault(unit, []))
            {
                if (!index.ContainsKey(to))
                {
                    Visit(to);
                    low[unit] = Math.Min(low[unit], low[to]);
                }
                else if (stack.Contains(to))
                {
                    low[unit] = Math.Min(low[unit], index[to]);
                }
            }

            if (low[unit] == index[unit])
            {
                var set = new List<string>();
                string popped;
                do
                {
                    popped = stack.Pop();
                    set.Add(popped);
                }
                while (popped != unit);
                if (set.Count > 1)
                {
                    cycles.Add(set);
                }
            }
        }

        foreach (var unit in Units.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(unit))
            {
                Visit(unit);
            }
        }

        return cycles;
    }
}
