namespace KmodForge.Containers.Emulation;

/// <summary>Reads the host's binfmt_misc registrations (the thin, untested-by-units part of the emulation check).</summary>
public interface IEmulationProbe
{
    BinfmtState Read();
}
