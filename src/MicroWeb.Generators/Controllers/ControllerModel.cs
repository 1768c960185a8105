using MicroWeb.Generators.Shared;

namespace MicroWeb.Generators.Controllers;

/// <summary>
/// What the generator emits for one controller, as plain values that compare by content: an edit that leaves the
/// controller as it was leaves this equal, and the incremental pipeline reuses the output built from it.
/// </summary>
/// <param name="TypeName">The controller's fully qualified name (<c>global::App.UsersController</c>).</param>
/// <param name="Constructor">The constructor's parameter types to resolve with <c>GetRequiredService</c>; null when the runtime builds it.</param>
/// <param name="Actions">The actions the generator can invoke.</param>
/// <param name="Accessors">The <c>UnsafeAccessor</c> declarations its models' init setters need.</param>
/// <param name="Diagnostics">What is wrong with the controller's routes and parameters.</param>
internal sealed record ControllerModel(
    string TypeName,
    EquatableArray<string>? Constructor,
    EquatableArray<ActionModel> Actions,
    EquatableArray<string> Accessors,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>
/// One action: its name, parameter types (fully qualified), per parameter the <c>GeneratedParameter</c> expression
/// its binder is built through, the expression awaiting a returned generic task (or null), and whether it returns a value.
/// </summary>
internal sealed record ActionModel(string Name, EquatableArray<string> ParameterTypes, EquatableArray<string> Parameters, string? Unwrap, bool ReturnsVoid);
