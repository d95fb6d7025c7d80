using Cake.Core;

namespace Cake.Frosting;

/// <summary>A task the host registers with Cake's engine (same shape as Cake.Frosting's).</summary>
public interface IFrostingTask
{
    /// <summary>Shown in Cake's report when <see cref="ShouldRun"/> skips the task.</summary>
    string SkippedMessage => string.Empty;

    Task RunAsync(ICakeContext context);

    bool ShouldRun(ICakeContext context);

    void OnError(Exception exception, ICakeContext context);

    void Finally(ICakeContext context);
}
