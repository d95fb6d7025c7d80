using KmodForge.Errors;

namespace KmodForge.Modules;

/// <summary>
/// A kernel module file that cannot be read, or does not fit the target it was built for. The message names the file
/// and carries both the value found and the value expected, so it can be acted on without a debugger.
/// </summary>
public sealed class ModuleVerificationException(string message, Exception? inner = null) : KmodForgeException(message, inner);
