using KmodForge.Errors;

namespace KmodForge.Containers.Tooling;

/// <summary>A value meant for the container CLI was refused before anything ran.</summary>
public sealed class ContainerInputException(FieldError error) : InvalidInputException(error.ToString())
{
    public FieldError Error { get; } = error;
}
