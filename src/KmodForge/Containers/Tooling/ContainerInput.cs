using System.Text.RegularExpressions;
using KmodForge.Errors;

namespace KmodForge.Containers.Tooling;

/// <summary>
/// Checks every value before it reaches the container CLI. Each check returns the value when it is acceptable and
/// otherwise throws <see cref="ContainerInputException"/> naming the field, the value and what is accepted.
/// </summary>
public static partial class ContainerInput
{
    /// <summary>
    /// An image reference: <c>[registry[:port]/]path[:tag][@sha256:digest]</c> with lowercase path components, or an
    /// image id. Conservative on purpose: no whitespace, no leading '-', no shell characters, at most 255 characters.
    /// </summary>
    public static string ImageReference(string field, string? value) =>
        value is { Length: > 0 and <= 255 } && ImageReferenceShape().IsMatch(value)
            ? value
            : throw Invalid(field, value, "is not an image reference: expected [registry[:port]/]name[:tag][@sha256:digest] using lowercase letters, digits and . _ - / (tags may also use uppercase), at most 255 characters");

    /// <summary>An absolute path without control characters.</summary>
    public static string AbsolutePath(string field, string? value) =>
        value is { Length: > 1 and <= 4096 } && value[0] == '/' && !value.Any(char.IsControl) && !value.Split('/').Contains("..")
            ? value
            : throw Invalid(field, value, "is not an absolute path: it must start with '/', have no '..' segment and no control characters");

    /// <summary>An absolute path that can sit inside a <c>a:b:ro</c> or <c>k=v,k=v</c> list (no ':' or ',').</summary>
    public static string ListablePath(string field, string? value)
    {
        AbsolutePath(field, value);
        return value!.IndexOfAny([':', ',', '=']) < 0
            ? value
            : throw Invalid(field, value, "cannot contain ':', ',' or '=' (it is part of a list option)");
    }

    /// <summary>An OCI platform: <c>linux/amd64</c>, <c>linux/arm64</c>, <c>linux/arm64/v8</c>.</summary>
    public static string Platform(string field, string? value) =>
        value is not null && PlatformShape().IsMatch(value)
            ? value
            : throw Invalid(field, value, "is not a platform: expected os/arch[/variant] such as linux/amd64 or linux/arm64");

    /// <summary>An environment variable or build argument name.</summary>
    public static string VariableName(string field, string? value) =>
        value is not null && VariableNameShape().IsMatch(value)
            ? value
            : throw Invalid(field, value, "is not a variable name: use letters, digits and '_', not starting with a digit");

    /// <summary>A value passed as <c>NAME=value</c>: anything printable, no control characters except tab.</summary>
    public static string VariableValue(string field, string? value) =>
        value is not null && value.Length <= 32768 && !value.Any(c => char.IsControl(c) && c != '\t')
            ? value
            : throw Invalid(field, value, "cannot contain control characters (newlines, NUL) and must be at most 32768 characters");

    /// <summary>A container, network or secret name: <c>[A-Za-z0-9][A-Za-z0-9_.-]*</c>.</summary>
    public static string Name(string field, string? value) =>
        value is { Length: > 0 and <= 128 } && NameShape().IsMatch(value)
            ? value
            : throw Invalid(field, value, "is not a name: use letters, digits and _ . -, starting with a letter or digit, at most 128 characters");

    /// <summary>A user for <c>--user</c>: <c>name</c>, <c>uid</c> or <c>uid:gid</c>.</summary>
    public static string User(string field, string? value) =>
        value is not null && UserShape().IsMatch(value)
            ? value
            : throw Invalid(field, value, "is not a user: expected name, uid or uid:gid");

    /// <summary>An argument of the command run inside a container (passed as one argv entry; only NUL is impossible).</summary>
    public static string CommandArgument(string field, string? value) =>
        value is not null && !value.Contains('\0', StringComparison.Ordinal)
            ? value
            : throw Invalid(field, value, "cannot be missing or contain a NUL character");

    private static ContainerInputException Invalid(string field, string? value, string problem) =>
        new(new FieldError(field, value, problem));

    [GeneratedRegex(@"^(?:[a-z0-9]+(?:[.-][a-z0-9]+)*(?::[0-9]{1,5})?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageReferenceShape();

    [GeneratedRegex(@"^[a-z0-9]+/[a-z0-9_]+(?:/[a-z0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlatformShape();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex VariableNameShape();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();

    [GeneratedRegex(@"^(?:[a-z_][a-z0-9_-]{0,31}|[0-9]{1,10})(?::(?:[a-z_][a-z0-9_-]{0,31}|[0-9]{1,10}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex UserShape();
}
