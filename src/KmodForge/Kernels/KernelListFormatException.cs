using KmodForge.Errors;

namespace KmodForge.Kernels;

/// <summary>kernels.json (or another kernel list) is not in the expected shape; the message names the JSON path.</summary>
public sealed class KernelListFormatException(string source, string jsonPath, string problem, Exception? inner = null)
    : KmodForgeException($"{source}: {jsonPath}: {problem}", inner)
{
    public string JsonPath { get; } = jsonPath;
}
