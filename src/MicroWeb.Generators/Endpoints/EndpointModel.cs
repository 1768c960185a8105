using MicroWeb.Generators.Shared;

namespace MicroWeb.Generators.Endpoints;

/// <summary>
/// One intercepted <c>MapGet</c>/<c>MapPost</c>/… call, as plain values that compare by content (the incremental
/// pipeline reuses the output of a call site that did not change).
/// </summary>
/// <param name="Version">The <c>InterceptsLocation</c> encoding's version.</param>
/// <param name="Data">The <c>InterceptsLocation</c> data: which call in which file.</param>
/// <param name="DisplayLocation">Where the call is, for a reader of the generated code.</param>
/// <param name="Mapper">The intercepted method's name (<c>MapGet</c>, <c>Map</c>).</param>
/// <param name="Verb">The HTTP method of <c>MapGet</c>…; null for <c>Map</c>, whose caller passes them.</param>
/// <param name="HasConfigure">True for the overloads with a <c>configure</c> argument.</param>
/// <param name="DelegateType">The handler's delegate type (<c>global::System.Func&lt;int, string&gt;</c>); null when the compiler synthesized it (a default value), see <paramref name="Shape"/>.</param>
/// <param name="Shape">For a synthesized delegate type: a lambda of the same signature, whose type is that one (<c>static string (int a0 = 1) =&gt; throw null!</c>).</param>
/// <param name="ParameterTypes">The handler's parameter types, fully qualified.</param>
/// <param name="Parameters">Per parameter, the <c>GeneratedParameter</c> expression its binder is built through.</param>
/// <param name="Accessors">The <c>UnsafeAccessor</c> declarations its complex models' init setters need.</param>
/// <param name="Unwrap">The awaiting of a returned generic task; null for other return types.</param>
/// <param name="ReturnsVoid">True when the handler returns nothing.</param>
internal sealed record EndpointModel(
    int Version,
    string Data,
    string DisplayLocation,
    string Mapper,
    string? Verb,
    bool HasConfigure,
    string? DelegateType,
    string? Shape,
    EquatableArray<string> ParameterTypes,
    EquatableArray<string> Parameters,
    EquatableArray<string> Accessors,
    string? Unwrap,
    bool ReturnsVoid);
