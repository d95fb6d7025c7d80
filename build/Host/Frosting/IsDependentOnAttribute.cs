namespace Cake.Frosting;

/// <summary>The task runs after <see cref="Task"/> (which runs at most once per build).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependentOnAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}
