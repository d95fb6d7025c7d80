using System.Security.Cryptography;

namespace KmodForge.Service.Builds;

/// <summary>
/// Build ids: 32 lowercase hex digits from a cryptographic random source. Unguessable (status reads may be open), safe
/// in URLs, SQL parameters and GitHub run names, and never a substring of another id's surroundings in a run-name.
/// </summary>
public static class BuildId
{
    public const int Length = 32;

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(Length / 2));

    public static bool IsValid(string? id) =>
        id is { Length: Length } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
