namespace Cake.Frosting;

/// <summary>A section <c>--help</c> prints after the tasks: a title and option/description rows (a description may span lines).</summary>
public interface IHelpSection
{
    string Title { get; }

    IEnumerable<(string Option, string Text)> Rows();
}
