namespace KmodForge.Tests.Layering;

/// <summary>A stand-in for a Targets type that reaches up into Pipeline (read by the layering test; never run).</summary>
internal static class UpwardArrowSample
{
    public static string Describe(KmodForge.Pipeline.DriverBuildSettings settings) => settings.Distribution ?? string.Empty;
}
