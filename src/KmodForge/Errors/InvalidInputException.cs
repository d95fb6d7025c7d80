namespace KmodForge.Errors;

/// <summary>An expected failure caused by what the user typed: exits with <see cref="ExitCodes.InvalidInput"/>.</summary>
public abstract class InvalidInputException(string message, Exception? inner = null) : KmodForgeException(message, inner)
{
    public override int FailureExitCode => ExitCodes.InvalidInput;
}
