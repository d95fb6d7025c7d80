using System.Globalization;
using Cake.Core;
using KmodForge.Diagnostics;

namespace KmodForge.Build.Host;

/// <summary>Cake's console with every registered secret replaced by <c>***</c> (Cake's log and the host's error messages go through it).</summary>
internal sealed class MaskingConsole(IConsole inner, SecretMasker masker) : IConsole
{
    public ConsoleColor ForegroundColor { get => inner.ForegroundColor; set => inner.ForegroundColor = value; }

    public ConsoleColor BackgroundColor { get => inner.BackgroundColor; set => inner.BackgroundColor = value; }

    public bool SupportAnsiEscapeCodes => inner.SupportAnsiEscapeCodes;

    public void Write(string format, params object[] arg) => inner.Write(Mask(format, arg));

    public void Write(string value) => inner.Write(masker.Apply(value));

    public void WriteLine(string format, params object[] arg) => inner.WriteLine(Mask(format, arg));

    public void WriteLine(string value) => inner.WriteLine(masker.Apply(value));

    public void WriteError(string format, params object[] arg) => inner.WriteError(Mask(format, arg));

    public void WriteError(string value) => inner.WriteError(masker.Apply(value));

    public void WriteErrorLine(string format, params object[] arg) => inner.WriteErrorLine(Mask(format, arg));

    public void WriteErrorLine(string value) => inner.WriteErrorLine(masker.Apply(value));

    public void ResetColor() => inner.ResetColor();

    private string Mask(string format, object[] arg) =>
        masker.Apply(arg.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, arg));
}
