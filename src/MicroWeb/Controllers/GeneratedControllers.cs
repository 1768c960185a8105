using System.ComponentModel;
using System.Reflection;
using System.Runtime.CompilerServices;
using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// For generated code: the registry that MicroWeb's source generator fills, one table per assembly, from a
/// <c>[ModuleInitializer]</c> in the app's assembly. <c>MapControllers</c> asks it for each controller type and uses
/// the generated activator and invokers where it has them, reflection where it has none (docs/aot.md).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GeneratedControllers
{
    /// <summary>The AppContext switch that makes every controller take the reflection path (tests run both paths).</summary>
    internal const string UseReflectionSwitch = "MicroWeb.Controllers.UseReflection";

    private static readonly Dictionary<Type, GeneratedController> s_controllers = [];
    private static readonly Dictionary<Assembly, Type[]> s_assemblies = [];

    /// <summary>For generated code: registers the controllers generated for <paramref name="assembly"/>.</summary>
    /// <param name="assembly">The assembly that declares the controllers.</param>
    /// <param name="controllers">One entry per controller the generator saw.</param>
    public static void Register(Assembly assembly, GeneratedController[] controllers)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentNullException.ThrowIfNull(controllers);
        lock (s_controllers)
        {
            foreach (var controller in controllers)
            {
                s_controllers[controller.ControllerType] = controller;
            }

            s_assemblies[assembly] = [.. controllers.Select(c => c.ControllerType)];
        }
    }

    /// <summary>The controllers generated for <paramref name="assembly"/> (discovery without <c>GetExportedTypes</c>); empty when none were.</summary>
    internal static IReadOnlyList<Type> Of(Assembly assembly)
    {
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        lock (s_controllers)
        {
            return s_assemblies.GetValueOrDefault(assembly) ?? [];
        }
    }

    /// <summary>True when <see cref="UseReflectionSwitch"/> is set: nothing generated is used.</summary>
    internal static bool UseReflection => AppContext.TryGetSwitch(UseReflectionSwitch, out var on) && on;

    /// <summary>The generated table of <paramref name="controllerType"/>, or null when the reflection path must serve it.</summary>
    internal static GeneratedController? Find(Type controllerType)
    {
        if (UseReflection)
        {
            return null;
        }

        // A module's initializer runs when code in it first runs; a controller mapped by type from an assembly that has
        // not run yet (a class library's) registers here.
        RuntimeHelpers.RunModuleConstructor(controllerType.Module.ModuleHandle);
        lock (s_controllers)
        {
            return s_controllers.GetValueOrDefault(controllerType);
        }
    }
}
