namespace KmodForge.Containers.Emulation;

/// <summary>How a target architecture runs here; <paramref name="Entry"/> is the binfmt registration used when emulated.</summary>
public sealed record EmulationDecision(EmulationMode Mode, BinfmtEntry? Entry, string Description);
