using Cake.Core.IO;

namespace KmodForge.Tests.Containers;

/// <summary>
/// Cake's fixture approach: an <see cref="IProcessRunner"/> that records what would be started and answers with a
/// scripted exit code and output, so tests can assert the exact argv a command renders.
/// </summary>
internal sealed class RecordingProcessRunner : IProcessRunner
{
    public List<(FilePath Tool, ProcessSettings Settings)> Started { get; } = [];

    public int ExitCode { get; set; }

    public IReadOnlyList<string> StandardOutput { get; set; } = [];

    public IReadOnlyList<string> StandardError { get; set; } = [];

    public string LastTool => Started[^1].Tool.GetFilename().FullPath;

    /// <summary>The arguments of the last start as the process receives them (parsed back the way .NET does).</summary>
    public IReadOnlyList<string> LastArgv => CommandLine.Split(Started[^1].Settings.Arguments.Render());

    public IProcess Start(FilePath filePath, ProcessSettings settings)
    {
        Started.Add((filePath, settings));
        return new ScriptedProcess(ExitCode, StandardOutput.Select(l => settings.RedirectedStandardOutputHandler?.Invoke(l) ?? l).ToList(),
            StandardError.Select(l => settings.RedirectedStandardErrorHandler?.Invoke(l) ?? l).ToList());
    }

    private sealed class ScriptedProcess(int exitCode, IReadOnlyList<string> stdout, IReadOnlyList<string> stderr) : IProcess
    {
        public void Dispose()
        {
        }

        public void WaitForExit()
        {
        }

        public bool WaitForExit(int milliseconds) => true;

        public int GetExitCode() => exitCode;

        public IEnumerable<string> GetStandardError() => stderr;

        public IEnumerable<string> GetStandardOutput() => stdout;

        public void Kill()
        {
        }
    }
}
