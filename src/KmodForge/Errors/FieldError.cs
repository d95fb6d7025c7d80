namespace KmodForge.Errors;

/// <summary>One invalid input: which field (in the spelling of the interface the user typed it in), the value given, and what is accepted.</summary>
public sealed record FieldError(string Field, string? Value, string Problem)
{
    public override string ToString() => $"{Field}: {Printable.Quote(Value)} {Problem}";

    /// <summary>The same error under another name: the spelling of the interface that reports it.</summary>
    public FieldError Named(string field) => this with { Field = field };
}
