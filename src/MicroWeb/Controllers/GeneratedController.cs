using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;

namespace MicroWeb;

/// <summary>For generated code: what the source generator knows about one controller at compile time.</summary>
/// <param name="controllerType">The controller.</param>
/// <param name="create">Builds the controller from a service provider; null when the generator left construction to the runtime (several constructors, optional parameters).</param>
/// <param name="actions">Its actions.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GeneratedController(
    [DynamicallyAccessedMembers(GeneratedController.Members)] Type controllerType,
    Func<IServiceProvider, object>? create,
    GeneratedAction[] actions)
{
    /// <summary>What the runtime reads of a controller type: constructors (scoping, fallback activation), actions, fields (pooling).</summary>
    internal const DynamicallyAccessedMemberTypes Members = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods
        | DynamicallyAccessedMemberTypes.PublicFields | DynamicallyAccessedMemberTypes.NonPublicFields;

    /// <summary>The controller.</summary>
    [DynamicallyAccessedMembers(Members)]
    public Type ControllerType { get; } = controllerType;

    /// <summary>Builds the controller with <c>GetRequiredService</c> calls; null when the runtime builds it.</summary>
    public Func<IServiceProvider, object>? Create { get; } = create;

    /// <summary>Its actions, as the generator saw them.</summary>
    public IReadOnlyList<GeneratedAction> Actions { get; } = actions;

    /// <summary>The generated action for <paramref name="method"/>: same name, same parameter types; null when there is none (an action added by a hot-reload edit).</summary>
    internal GeneratedAction? Find(MethodInfo method)
    {
        var parameters = method.GetParameters();
        foreach (var action in Actions)
        {
            if (action.Name == method.Name && action.ParameterTypes.Count == parameters.Length && Matches(action.ParameterTypes, parameters))
            {
                return action;
            }
        }

        return null;
    }

    private static bool Matches(IReadOnlyList<Type> types, ParameterInfo[] parameters)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (types[i] != parameters[i].ParameterType)
            {
                return false;
            }
        }

        return true;
    }
}
