namespace KmodForge.Errors;

/// <summary>
/// The driver does not apply to this target: its <c>dkms.conf</c> <c>BUILD_EXCLUSIVE_KERNEL</c>, <c>_KERNEL_MIN</c>/<c>_MAX</c>,
/// <c>_ARCH</c> or <c>_CONFIG</c> excludes the kernel. It is an outcome of its own, not a failure: the matrix summary, the
/// service (<c>status: not_applicable</c>) and the loader report it with its reason, and nobody retries it.
/// </summary>
/// <param name="reason">Why, in the words a user can check ("BUILD_EXCLUSIVE_KERNEL '^5\.' does not match 6.1.0-57-amd64").</param>
public sealed class NotApplicableException(string reason) : KmodForgeException($"not applicable: {reason}")
{
    /// <summary>Why the driver does not apply to the target.</summary>
    public string Reason { get; } = reason;

    /// <inheritdoc/>
    public override int FailureExitCode => ExitCodes.NotApplicable;
}
