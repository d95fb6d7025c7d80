using Cake.Core;
using Cake.Core.Diagnostics;

namespace Cake.Frosting;

/// <summary>Registers task objects and the lifetimes with Cake.Core's engine (Cake.Frosting's FrostingEngine).</summary>
internal sealed class TaskRegistrar(
    ICakeEngine engine,
    IFrostingContext context,
    ICakeLog log,
    IEnumerable<IFrostingTask> tasks,
    IFrostingSetup? setup = null,
    IFrostingTeardown? teardown = null,
    IFrostingTaskSetup? taskSetup = null,
    IFrostingTaskTeardown? taskTeardown = null)
{
    public void Register()
    {
        foreach (var task in tasks)
        {
            Register(task);
        }

        if (setup is not null)
        {
            engine.RegisterSetupAction(info => setup.Setup(context, info));
        }

        if (teardown is not null)
        {
            engine.RegisterTeardownAction(info => teardown.Teardown(context, info));
        }

        if (taskSetup is not null)
        {
            engine.RegisterTaskSetupAction(info => taskSetup.Setup(context, info));
        }

        if (taskTeardown is not null)
        {
            engine.RegisterTaskTeardownAction(info => taskTeardown.Teardown(context, info));
        }
    }

    private void Register(IFrostingTask task)
    {
        var type = task.GetType();
        var name = TaskType.Name(type);
        var contextType = TaskType.ContextType(type);
        if (!contextType.IsInstanceOfType(context))
        {
            throw new FrostingException(
                $"Task '{name}' needs a {contextType.Name} but the build context is a {context.GetType().Name}; register it with UseContext<{contextType.Name}>().");
        }

        log.Debug("Registering task: {0}", name);
        var builder = engine.RegisterTask(name);
        if (TaskType.Description(type) is { Length: > 0 } description)
        {
            builder.Description(description);
        }

        if (TaskType.Overrides(type, "Run") || TaskType.Overrides(type, "RunAsync"))
        {
            builder.Does(() => task.RunAsync(context));
        }

        if (TaskType.Overrides(type, "ShouldRun"))
        {
            builder.WithCriteria(_ => task.ShouldRun(context), task.SkippedMessage);
        }

        if (TaskType.ContinueOnError(type))
        {
            builder.ContinueOnError();
        }

        if (TaskType.Overrides(type, "OnError"))
        {
            builder.OnError(exception => task.OnError(exception, context));
        }

        if (TaskType.Overrides(type, "Finally"))
        {
            builder.Finally(() => task.Finally(context));
        }

        foreach (var dependency in TaskType.Dependencies(type))
        {
            builder.IsDependentOn(TaskName(dependency, name));
        }

        foreach (var dependee in TaskType.Dependees(type))
        {
            builder.IsDependeeOf(TaskName(dependee, name));
        }
    }

    private static string TaskName(Type dependency, string of) =>
        typeof(IFrostingTask).IsAssignableFrom(dependency)
            ? TaskType.Name(dependency)
            : throw new FrostingException($"Task '{of}' names {dependency.Name} as a dependency, but {dependency.Name} is not a task.");
}
