using System.Globalization;
using Cake.Core.Diagnostics;
using KmodForge.Diagnostics;

namespace KmodForge.Containers.Tooling;

/// <summary>Cake's log interface written to an <see cref="IBuildLog"/> (so Cake's process runner logs where ours does).</summary>
public sealed class BuildLogCakeLog(IBuildLog log) : ICakeLog
{
    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (verbosity > Verbosity)
        {
            return;
        }

        var message = args is { Length: > 0 } ? string.Format(CultureInfo.InvariantCulture, format, args) : format;
        switch (level)
        {
            case LogLevel.Fatal:
            case LogLevel.Error:
                log.Error(message);
                break;
            case LogLevel.Warning:
                log.Warning(message);
                break;
            case LogLevel.Information:
                log.Info(message);
                break;
            default:
                log.Verbose(message);
                break;
        }
    }
}
