using Cake.Core.Diagnostics;

namespace Cake.Frosting;

/// <summary>The parsed command line: the host's own options, and every other argument for the build (Cake's arguments).</summary>
internal sealed record HostOptions(
    IReadOnlyList<string> Targets,
    bool TargetGiven,
    Verbosity Verbosity,
    HostMode Mode,
    bool Exclusive,
    IReadOnlyList<KeyValuePair<string, string>> Arguments)
{
    public const string DefaultTarget = "Default";

    /// <summary>Cake's arguments: everything the host did not consume, plus <c>target</c> (as Cake.Frosting does).</summary>
    public ILookup<string, string> ToLookup() =>
        Arguments.Concat(Targets.Select(t => KeyValuePair.Create("target", t)))
            .ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase);
}
