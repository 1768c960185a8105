using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Controllers;

/// <summary>
/// Creates a controller for each request and releases it afterwards. A controller whose constructor takes
/// nothing, or only singletons, is built from the root provider without opening the request's DI scope
/// (ASP.NET Core always opens one); one without constructor parameters that also has no fields and is not
/// disposable — it carries no state beyond what <see cref="Controller.Initialize"/> resets — comes from a
/// small pool, so the common stateless controller costs no allocation per request.
/// </summary>
internal sealed class ControllerActivator
{
    private readonly ObjectFactory _factory;
    private readonly bool _needsScope;
    private readonly object?[]? _pool;

    private ControllerActivator(ObjectFactory factory, bool needsScope, bool poolable)
    {
        _factory = factory;
        _needsScope = needsScope;
        // Enough for every core to have a request in flight, and then some; extras are simply collected.
        _pool = poolable ? new object?[Environment.ProcessorCount * 4] : null;
    }

    /// <param name="controllerType">The controller.</param>
    /// <param name="lifetimes">The registered services' lifetimes, when known.</param>
    /// <param name="generated">The source generator's table for the controller: its constructor call replaces <see cref="ActivatorUtilities"/>; the scoping rules stay the same.</param>
    public static ControllerActivator For([DynamicallyAccessedMembers(GeneratedController.Members)] Type controllerType, ServiceLifetimes? lifetimes, GeneratedController? generated = null)
    {
        var factory = generated?.Create is { } create
            ? (ObjectFactory)((services, _) => create(services))
            : ActivatorUtilities.CreateFactory(controllerType, Type.EmptyTypes);
        var constructors = controllerType.GetConstructors();
        var parameterless = Array.TrueForAll(constructors, c => c.GetParameters().Length == 0);
        var needsScope = !Array.TrueForAll(constructors, c => Array.TrueForAll(c.GetParameters(), p => lifetimes?.IsSingleton(p.ParameterType) == true));
        var poolable = parameterless && typeof(Controller).IsAssignableFrom(controllerType) && !HasState(controllerType);
        return new ControllerActivator(factory, needsScope, poolable);
    }

    public object Create(HttpContext context)
    {
        if (_pool is not null)
        {
            for (var i = 0; i < _pool.Length; i++)
            {
                var pooled = _pool[i];
                if (pooled is not null && Interlocked.CompareExchange(ref _pool[i], null, pooled) == pooled)
                {
                    return pooled;
                }
            }
        }

        return _factory(_needsScope ? context.RequestServices : context.ApplicationServices, null);
    }

    /// <summary>Returns a pooled controller, or disposes one created for this request (it is outside the scope's tracking).</summary>
    public ValueTask ReleaseAsync(object controller)
    {
        if (_pool is not null)
        {
            ((Controller)controller).Initialize(null);
            for (var i = 0; i < _pool.Length; i++)
            {
                if (Interlocked.CompareExchange(ref _pool[i], controller, null) is null)
                {
                    break;
                }
            }

            return ValueTask.CompletedTask;
        }

        if (controller is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (controller as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>True when the controller or a base class below <see cref="Controller"/> declares instance fields, or it is disposable.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "A base class's field the trimmer removed is one no kept code reads or writes, so it holds no state that pooling could leak; the controller's own fields are kept by the annotation.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "A base class's field the trimmer removed is one no kept code reads or writes, so it holds no state that pooling could leak; the controller's own fields are kept by the annotation.")]
    private static bool HasState(Type controllerType)
    {
        if (typeof(IDisposable).IsAssignableFrom(controllerType) || typeof(IAsyncDisposable).IsAssignableFrom(controllerType))
        {
            return true;
        }

        const BindingFlags instanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        for (var type = controllerType; type is not null && type != typeof(Controller); type = type.BaseType)
        {
            if (type.GetFields(instanceFields).Length > 0)
            {
                return true;
            }
        }

        return false;
    }
}
