using System.Reflection;

namespace KmodForge.Tests.Layering;

/// <summary>
/// The layers of docs/architecture.md, bottom up: a namespace may use the layers below its own, and within its own
/// layer only the arrows <see cref="Sideways"/> lists. The three entry points share the top layer and never use one another.
/// </summary>
internal static class Layers
{
    public static readonly IReadOnlyList<string[]> Bottom_up =
    [
        ["Errors", "Diagnostics", "IO", "Net", "Configuration"],
        ["Targets", "Naming"],
        ["Containers", "Storage", "Packaging", "Modules", "Dkms"],
        ["Headers", "Images", "Kernels", "Signing", "Compile", "Setup", "Sources"],
        ["Publishing", "GitHub", "Matrix", "Caching"],
        ["Pipeline", "Coverage"],
        ["Build", "Service", "Loader"],
    ];

    /// <summary>The arrows allowed inside a layer (each from the later-named toward the earlier-named, so they cannot form a cycle).</summary>
    public static readonly IReadOnlySet<(string From, string To)> Sideways = new HashSet<(string, string)>
    {
        ("Diagnostics", "Errors"), ("IO", "Errors"), ("IO", "Diagnostics"), ("Net", "Errors"), ("Net", "Diagnostics"), ("Configuration", "Errors"),
        ("Naming", "Targets"),
        ("Packaging", "Modules"),
        ("Compile", "Headers"),
        ("GitHub", "Publishing"), ("Matrix", "GitHub"), ("Matrix", "Publishing"),
    };

    /// <summary>The assemblies whose namespaces are checked: the library and the three entry points.</summary>
    public static IReadOnlyList<Assembly> Assemblies { get; } =
    [
        typeof(KmodForge.Diagnostics.IBuildLog).Assembly,
        typeof(KmodForge.Build.BuildContext).Assembly,
        typeof(KmodForge.Service.ServiceSettings).Assembly,
        typeof(KmodForge.Loader.LoaderSettings).Assembly,
    ];

    /// <summary>The unit a type belongs to: the library namespace under <c>KmodForge.</c>, or its entry point; null for other code.</summary>
    public static string? UnitOf(Type type)
    {
        var assembly = type.Assembly;
        if (assembly == Assemblies[1])
        {
            return type.Namespace is { } ns && ns.StartsWith("Cake.Frosting", StringComparison.Ordinal) ? FrostingShim : "Build";
        }

        if (assembly == Assemblies[2])
        {
            return "Service";
        }

        if (assembly == Assemblies[3])
        {
            return "Loader";
        }

        if (assembly == Assemblies[0] && type.Namespace is { } library && library.StartsWith("KmodForge.", StringComparison.Ordinal))
        {
            return library.Split('.')[1];
        }

        return null;
    }

    /// <summary>build/Host/Frosting: the stand-in for the Cake.Frosting package, which must not know KmodForge.</summary>
    public const string FrostingShim = "Cake.Frosting (shim)";

    public static int? LayerOf(string unit)
    {
        for (var i = 0; i < Bottom_up.Count; i++)
        {
            if (Bottom_up[i].Contains(unit))
            {
                return i + 1;
            }
        }

        return null;
    }
}
