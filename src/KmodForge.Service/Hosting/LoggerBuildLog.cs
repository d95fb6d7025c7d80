using KmodForge.Diagnostics;
using Microsoft.Extensions.Logging;

namespace KmodForge.Service.Hosting;

/// <summary>The library's <see cref="IBuildLog"/> written to the service's structured log (scopes such as the build id carry over).</summary>
public sealed class LoggerBuildLog(ILogger logger) : IBuildLog
{
    public IDisposable Phase(string name) => logger.BeginScope(new LogScope(("Phase", name))) ?? NullBuildLog.Instance.Phase(name);

    public void Info(string message) => logger.LogInformation("{Message}", message);

    public void Verbose(string message) => logger.LogDebug("{Message}", message);

    public void Warning(string message) => logger.LogWarning("{Message}", message);

    public void Error(string message) => logger.LogError("{Message}", message);

    public void Progress(string what, long done, long? total) =>
        logger.LogDebug("{What}: {Done} of {Total} bytes", what, done, total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?");
}
