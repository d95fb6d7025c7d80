namespace KmodForge.Containers.Emulation;

/// <summary>How containers of a target architecture run on this host.</summary>
public enum EmulationMode
{
    /// <summary>The host has the target's architecture: containers run natively.</summary>
    Native,

    /// <summary>A foreign architecture whose binaries the kernel hands to a registered QEMU user emulator.</summary>
    Emulated,
}
