using Cake.Core;

namespace Cake.Frosting;

/// <summary>A synchronous task; override <see cref="Run"/> (and optionally the other members).</summary>
public abstract class FrostingTask<TContext> : IFrostingTask
    where TContext : ICakeContext
{
    /// <summary>Shown in Cake's report when <see cref="ShouldRun"/> skips the task.</summary>
    public virtual string SkippedMessage => string.Empty;

    public virtual void Run(TContext context)
    {
    }

    public virtual bool ShouldRun(TContext context) => true;

    public virtual void OnError(Exception exception, TContext context)
    {
    }

    public virtual void Finally(TContext context)
    {
    }

    Task IFrostingTask.RunAsync(ICakeContext context)
    {
        Run((TContext)context);
        return Task.CompletedTask;
    }

    bool IFrostingTask.ShouldRun(ICakeContext context) => ShouldRun((TContext)context);

    void IFrostingTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (TContext)context);

    void IFrostingTask.Finally(ICakeContext context) => Finally((TContext)context);
}

/// <summary>A synchronous task over the plain <see cref="ICakeContext"/> (e.g. a Default task that only has dependencies).</summary>
public abstract class FrostingTask : FrostingTask<ICakeContext>;
