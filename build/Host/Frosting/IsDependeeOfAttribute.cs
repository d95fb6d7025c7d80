namespace Cake.Frosting;

/// <summary>The reverse edge: <see cref="Task"/> depends on the task carrying this attribute.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class IsDependeeOfAttribute(Type task) : Attribute
{
    public Type Task { get; } = task;
}
