using System.Reflection;

namespace Cake.Frosting;

/// <summary>What the attributes and overrides of a task class say, read by reflection.</summary>
internal static class TaskType
{
    public static string Name(Type task) => task.GetCustomAttribute<TaskNameAttribute>()?.Name ?? task.Name;

    public static string? Description(Type task) => task.GetCustomAttribute<TaskDescriptionAttribute>()?.Description;

    public static bool ContinueOnError(Type task) => task.IsDefined(typeof(ContinueOnErrorAttribute), inherit: false);

    public static IEnumerable<Type> Dependencies(Type task) =>
        task.GetCustomAttributes<IsDependentOnAttribute>().Select(a => a.Task);

    public static IEnumerable<Type> Dependees(Type task) =>
        task.GetCustomAttributes<IsDependeeOfAttribute>().Select(a => a.Task);

    /// <summary>Public, concrete task classes of an assembly (Cake.Frosting's discovery rule).</summary>
    public static IEnumerable<Type> Discover(Assembly assembly) =>
        assembly.GetExportedTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(IFrostingTask).IsAssignableFrom(t));

    /// <summary>The context type the task is written against (<c>T</c> of <c>FrostingTask&lt;T&gt;</c>).</summary>
    public static Type ContextType(Type task)
    {
        for (var type = task; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && IsTaskBase(type.GetGenericTypeDefinition()))
            {
                return type.GetGenericArguments()[0];
            }
        }

        return typeof(Core.ICakeContext);
    }

    /// <summary>True when the task class overrides the base class's <paramref name="method"/> (Run, ShouldRun, ...).</summary>
    public static bool Overrides(Type task, string method) =>
        task.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.Name == method)
            .Any(m => m.DeclaringType != m.GetBaseDefinition().DeclaringType && IsTaskBaseMethod(m.GetBaseDefinition()));

    private static bool IsTaskBaseMethod(MethodInfo method) =>
        method.DeclaringType is { IsGenericType: true } declaring && IsTaskBase(declaring.GetGenericTypeDefinition());

    private static bool IsTaskBase(Type definition) =>
        definition == typeof(FrostingTask<>) || definition == typeof(AsyncFrostingTask<>);
}
