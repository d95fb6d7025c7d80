using Cake.Core;

namespace Cake.Frosting;

/// <summary>Turns the exception that ended a run into what the user sees and the exit code. The host's default prints the message.</summary>
public interface IFailureReporter
{
    int Report(Exception exception);
}

/// <summary>The default: <c>Error: message</c>, exit code 1.</summary>
internal sealed class ConsoleFailureReporter(IConsole console) : IFailureReporter
{
    public int Report(Exception exception)
    {
        console.WriteErrorLine("Error: {0}", exception.Message);
        return 1;
    }
}
