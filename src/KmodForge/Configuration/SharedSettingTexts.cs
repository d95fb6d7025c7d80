namespace KmodForge.Configuration;

/// <summary>
/// Descriptions of settings that several tasks' settings classes read under one name: to the user it is one setting
/// (listed once in <c>--help</c>), so its text says what it does for each of them.
/// </summary>
public static class SharedSettingTexts
{
    public const string DryRun = "Plan only: Matrix prints the plan and writes the chunk files instead of dispatching; Prune lists what it would remove and why, and removes nothing.";
}
