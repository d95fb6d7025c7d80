using System.Security.Cryptography;
using System.Text;
using KmodForge.Configuration;
using KmodForge.Errors;

namespace KmodForge.Service.Api;

/// <summary>
/// The accepted bearer tokens, kept only as SHA-256 hashes. A presented token is hashed and compared with every
/// accepted hash by <see cref="CryptographicOperations.FixedTimeEquals"/>, with no early exit, so the time taken tells
/// nothing about how much of a token matched or which one did.
/// </summary>
public sealed class BearerTokens
{
    private readonly byte[][] hashes;

    public BearerTokens(IEnumerable<string> tokens, bool allowAnonymous)
    {
        var accepted = tokens.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        hashes = accepted.Select(Hash).ToArray();
        ShortTokens = accepted.Count(t => t.Length < MinimumLength);
        AllowAnonymous = allowAnonymous;
    }

    /// <summary>The shortest token the service starts with: 32 characters (<c>openssl rand -hex 32</c> gives 64).</summary>
    public const int MinimumLength = 32;

    public int Count => hashes.Length;

    /// <summary>How many tokens are shorter than <see cref="MinimumLength"/> (the service refuses to start with any).</summary>
    public int ShortTokens { get; }

    public bool AllowAnonymous { get; }

    /// <summary>Reads <c>--api-tokens</c> and the lines of <c>--api-tokens-file</c> (blank lines and # comments skipped).</summary>
    public static BearerTokens From(ServiceSettings settings)
    {
        var tokens = new List<string>(settings.ApiTokens);
        if (!string.IsNullOrEmpty(settings.ApiTokensFile))
        {
            if (!File.Exists(settings.ApiTokensFile))
            {
                throw new SettingsException([$"--api-tokens-file: {Printable.Quote(settings.ApiTokensFile, 200)} does not exist"]);
            }

            tokens.AddRange(File.ReadAllLines(settings.ApiTokensFile).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')));
        }

        return new BearerTokens(tokens, settings.AllowAnonymous);
    }

    /// <summary>Whether an <c>Authorization</c> header value carries an accepted token (or anonymous use is allowed).</summary>
    public bool Accepts(string? authorization)
    {
        if (AllowAnonymous)
        {
            return true;
        }

        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var token = authorization[scheme.Length..].Trim();
        if (token.Length == 0)
        {
            return false;
        }

        var presented = Hash(token);
        var match = false;
        foreach (var accepted in hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(presented, accepted);
        }

        return match;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
