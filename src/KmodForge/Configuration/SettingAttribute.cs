namespace KmodForge.Configuration;

/// <summary>
/// Marks a settings property that can come from a command-line argument (<c>--name=value</c>) or an environment
/// variable (<c>KMODFORGE_NAME</c>, dashes become underscores). The argument wins over the environment.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string name, string description) : Attribute
{
    /// <summary>The argument name without dashes, kebab-case: <c>kernel-release</c>.</summary>
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>Extra environment variable names also read (after the KMODFORGE_ one), e.g. <c>GITHUB_TOKEN</c>.</summary>
    public string[] AlsoFromEnvironment { get; init; } = [];

    /// <summary>A secret is never printed: not in logs, not in --description, not in error messages.</summary>
    public bool Secret { get; init; }

    /// <summary>
    /// Read only from the environment: an argument with this name is refused (it would show in <c>ps</c>, shell history
    /// and CI logs). For keys, which come from a secret or a file.
    /// </summary>
    public bool EnvironmentOnly { get; init; }

    public string EnvironmentVariable => "KMODFORGE_" + Name.Replace('-', '_').ToUpperInvariant();
}
