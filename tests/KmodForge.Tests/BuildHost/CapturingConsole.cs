using System.Globalization;
using Cake.Core;

namespace KmodForge.Tests.BuildHost;

/// <summary>Cake's console, writing into strings instead of the process's standard streams.</summary>
public sealed class CapturingConsole(TextWriter output, TextWriter error) : IConsole
{
    public ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => output.Write(string.Format(CultureInfo.InvariantCulture, format, arg));

    public void Write(string value) => output.Write(value);

    public void WriteLine(string format, params object[] arg) => output.WriteLine(string.Format(CultureInfo.InvariantCulture, format, arg));

    public void WriteLine(string value) => output.WriteLine(value);

    public void WriteError(string format, params object[] arg) => error.Write(string.Format(CultureInfo.InvariantCulture, format, arg));

    public void WriteError(string value) => error.Write(value);

    public void WriteErrorLine(string format, params object[] arg) => error.WriteLine(string.Format(CultureInfo.InvariantCulture, format, arg));

    public void WriteErrorLine(string value) => error.WriteLine(value);

    public void ResetColor()
    {
    }
}
