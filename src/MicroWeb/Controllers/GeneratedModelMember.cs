using System.ComponentModel;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>For generated code: one bindable member of a <see cref="GeneratedModel{T}"/>: its name and how its text is parsed.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedModelMember
{
    private protected GeneratedModelMember(string name) => Name = name ?? throw new ArgumentNullException(nameof(name));

    /// <summary>The member's name: its form field or query key, compared case-insensitively, and its error key.</summary>
    internal string Name { get; }

    /// <summary>The member's type, for the route check.</summary>
    internal abstract Type Type { get; }

    /// <summary>True for uploaded files, which never come from the route.</summary>
    internal abstract bool IsFiles { get; }

    /// <summary>For generated code: a member of a simple type, parsed by <paramref name="parser"/>.</summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="name">The member's name.</param>
    /// <param name="parser">The type's parser (<see cref="GeneratedParser"/>).</param>
    /// <returns>The member.</returns>
    public static GeneratedModelMember Of<T>(string name, GeneratedParser<T> parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        return new GeneratedModelMember<T>(name, new ScalarConverter<T>(parser.Parse, parser.TypeName));
    }

    /// <summary>For generated code: a member that is a collection of a simple type, each value parsed by <paramref name="element"/>.</summary>
    /// <typeparam name="TCollection">The member's type: an array, <c>List&lt;T&gt;</c> or a read-only interface an array implements.</typeparam>
    /// <typeparam name="TElement">Its element type.</typeparam>
    /// <param name="name">The member's name.</param>
    /// <param name="element">The element type's parser.</param>
    /// <returns>The member.</returns>
    public static GeneratedModelMember Of<TCollection, TElement>(string name, GeneratedParser<TElement> element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new GeneratedModelMember<TCollection>(name, new CollectionConverter<TCollection, TElement>(element.Parse, element.TypeName));
    }

    /// <summary>For generated code: a member holding uploaded files (<see cref="FormFile"/> or a collection of it).</summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="name">The member's name: the form field of the files.</param>
    /// <returns>The member.</returns>
    public static GeneratedModelMember Files<T>(string name) => new GeneratedModelMember<T>(name, null);
}
