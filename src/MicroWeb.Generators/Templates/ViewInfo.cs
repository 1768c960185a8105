using System;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace MicroWeb.Generators.Templates;

/// <summary>
/// A <c>[Template]</c> class as plain data: where it is declared, its template's name, the attribute's location and
/// the shapes of its model types. Compared by one key string that holds all of it, so the output step reruns only
/// when something it reads changed.
/// </summary>
internal sealed class ViewInfo : IEquatable<ViewInfo>
{
    private readonly string _key;

    public ViewInfo(string ns, string[] containers, string declaration, string typeName, string template, string? problem,
        string path, TextSpan span, LinePositionSpan lines, TypeShape[] shapes)
    {
        Namespace = ns;
        Containers = containers;
        Declaration = declaration;
        TypeName = typeName;
        Template = template;
        Problem = problem;
        Path = path;
        Span = span;
        Lines = lines;
        Shapes = shapes;
        var key = new StringBuilder();
        key.Append(ns).Append('|').Append(string.Join(",", containers)).Append('|').Append(declaration).Append('|').Append(typeName)
            .Append('|').Append(template).Append('|').Append(problem).Append('|').Append(path).Append('|').Append(span).Append('|')
            .Append(lines).Append('\n');
        foreach (var shape in shapes)
            shape.AppendKey(key);
        _key = key.ToString();
    }

    public string Namespace { get; }

    /// <summary>The enclosing type declarations, outermost first, e.g. <c>partial class Outer</c>.</summary>
    public string[] Containers { get; }

    /// <summary><c>class</c>, <c>record</c>, <c>struct</c> or <c>record struct</c>.</summary>
    public string Declaration { get; }

    public string TypeName { get; }

    public string Template { get; }

    /// <summary>Why the type cannot be a compiled view (not partial, generic), or null.</summary>
    public string? Problem { get; }

    public string Path { get; }

    public TextSpan Span { get; }

    public LinePositionSpan Lines { get; }

    public TypeShape[] Shapes { get; }

    public Location AttributeLocation => Location.Create(Path, Span, Lines);

    public bool Equals(ViewInfo? other) => other is not null && _key == other._key;

    public override bool Equals(object? obj) => Equals(obj as ViewInfo);

    public override int GetHashCode() => _key.GetHashCode();
}
