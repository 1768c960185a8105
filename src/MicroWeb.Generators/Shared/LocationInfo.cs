using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MicroWeb.Generators.Shared;

/// <summary>
/// A source location as plain values: a <see cref="Location"/> holds its syntax tree, which would keep every
/// compilation alive in the generator's cache and never compare equal across runs.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is { SourceTree: not null }
            ? new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span)
            : null;

    /// <summary>
    /// The location in <paramref name="compilation"/>'s tree of that file, so <c>#pragma</c> and <c>.editorconfig</c>
    /// severities apply; a path-only location when the tree is not in it.
    /// </summary>
    public Location ToLocation(Compilation compilation)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.FilePath == FilePath)
            {
                return Location.Create(tree, Span);
            }
        }

        return Location.Create(FilePath, Span, LineSpan);
    }
}

/// <summary>A diagnostic to report, as plain values (see <see cref="LocationInfo"/>).</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments) =>
        new(descriptor, LocationInfo.From(location), EquatableArray.From(arguments));

    public Diagnostic ToDiagnostic(Compilation compilation)
    {
        var arguments = new object[Arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = Arguments[i];
        }

        return Diagnostic.Create(Descriptor, Location?.ToLocation(compilation), arguments);
    }
}
