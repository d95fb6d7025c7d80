using KmodForge.Errors;

namespace KmodForge.Targets;

/// <summary>Thrown when a build request has invalid fields; the message lists each one.</summary>
public sealed class TargetValidationException(IReadOnlyList<FieldError> errors)
    : InvalidInputException(errors.Count == 1
        ? "Invalid build target: " + errors[0]
        : "Invalid build target:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
