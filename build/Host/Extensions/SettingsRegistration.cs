namespace KmodForge.Build.Host;

/// <summary>A settings class registered with <c>UseSettings&lt;T&gt;()</c>, listed by <c>--help</c>.</summary>
public sealed record SettingsRegistration(Type Type);
