using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using MicroWeb.Controllers;
using MicroWeb.Routing;

namespace MicroWeb;

/// <summary>
/// For generated code: one action parameter's type, known at compile time. <c>BinderFactory</c> still decides where
/// the value comes from (the same rules as the reflection path), then builds the binder through this object, whose
/// type argument is the parameter's: no <c>MakeGenericType</c>, no <c>IParsable&lt;T&gt;</c> lookup by reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GeneratedParameter
{
    private protected GeneratedParameter(bool notNull) => NotNull = notNull;

    /// <summary>True when the parameter is a reference type annotated non-nullable (the generator read it; no <c>NullabilityInfoContext</c>).</summary>
    internal bool NotNull { get; }

    internal abstract Type Type { get; }

    /// <summary>The converter from text for a simple type or a collection of one; null for other types.</summary>
    internal abstract ValueConverter? Converter { get; }

    /// <summary><c>default(T)</c>, boxed: a missing optional value type.</summary>
    internal abstract object? DefaultValue { get; }

    /// <summary>For generated code: a parameter of type <typeparamref name="T"/> that is not bound from text (a service, a model, a framework type).</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="notNull">True for a reference type annotated non-nullable.</param>
    public static GeneratedParameter Of<T>(bool notNull) => new GeneratedParameter<T>(notNull, null, null);

    /// <summary>For generated code: a parameter of a simple type, parsed by <paramref name="parser"/>.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="notNull">True for a reference type annotated non-nullable.</param>
    /// <param name="parser">The type's parser (<see cref="GeneratedParser"/>).</param>
    public static GeneratedParameter Of<T>(bool notNull, GeneratedParser<T> parser)
    {
        ArgumentNullException.ThrowIfNull(parser);
        return new GeneratedParameter<T>(notNull, new ScalarConverter<T>(parser.Parse, parser.TypeName), null);
    }

    /// <summary>For generated code: a collection of a simple type (<c>int[]</c>, <c>List&lt;string&gt;</c>), each value parsed by <paramref name="element"/>.</summary>
    /// <typeparam name="TCollection">The parameter's type: an array, <c>List&lt;T&gt;</c> or a read-only interface an array implements.</typeparam>
    /// <typeparam name="TElement">Its element type.</typeparam>
    /// <param name="notNull">True for a reference type annotated non-nullable.</param>
    /// <param name="element">The element type's parser.</param>
    public static GeneratedParameter Of<TCollection, TElement>(bool notNull, GeneratedParser<TElement> element)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new GeneratedParameter<TCollection>(notNull, new CollectionConverter<TCollection, TElement>(element.Parse, element.TypeName), null);
    }

    /// <summary>For generated code: a complex model (form, query or JSON body), bound and validated as <paramref name="model"/> describes, without reflection.</summary>
    /// <typeparam name="T">The parameter's type.</typeparam>
    /// <param name="notNull">True for a reference type annotated non-nullable.</param>
    /// <param name="model">The model's members, factory and validation.</param>
    public static GeneratedParameter Model<T>(bool notNull, GeneratedModel<T> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new GeneratedParameter<T>(notNull, null, model);
    }

    internal abstract ParameterBinder Service(string name, bool required, string owner);

    internal abstract ParameterBinder Value(string name, string key, ValueSource source, int routeIndex, ValueConverter converter, bool required, object? defaultValue, ValidationAttribute[] validators);

    /// <summary>A complex model bound through its generated description; null when the generator described none.</summary>
    internal abstract ParameterBinder? GeneratedModel(string name, ModelSource source, bool required, object? defaultValue, ValidationAttribute[] validators, string owner, RoutePattern pattern);

    /// <summary>A complex model: its members are found and set by reflection (<see cref="ModelActivator{T}"/>).</summary>
    [RequiresUnreferencedCode("A complex model's members are bound by reflection.")]
    [RequiresDynamicCode("A complex model's members are bound by compiled expression trees.")]
    internal abstract ParameterBinder Model(string name, ModelSource source, bool required, object? defaultValue, ValidationAttribute[] validators, string owner, RoutePattern pattern);
}
