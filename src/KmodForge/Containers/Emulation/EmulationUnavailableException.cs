using KmodForge.Errors;

namespace KmodForge.Containers.Emulation;

/// <summary>Containers of the target architecture cannot run on this host; the message says how to make them run.</summary>
public sealed class EmulationUnavailableException(string message) : KmodForgeException(message);
