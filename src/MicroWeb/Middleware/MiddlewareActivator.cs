using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Middleware;

/// <summary>
/// Turns a middleware class into a pipeline component, once, at startup: the instance is created with
/// dependency injection and its <c>InvokeAsync</c> is bound to a compiled delegate, so requests pay for
/// neither reflection nor <c>MethodInfo.Invoke</c>.
/// </summary>
internal static class MiddlewareActivator
{
    private const string MethodName = "InvokeAsync";

    /// <summary>What activation reads of a middleware class: its constructors (dependency injection) and its <c>InvokeAsync</c>.</summary>
    public const DynamicallyAccessedMemberTypes Members = DynamicallyAccessedMemberTypes.PublicConstructors | DynamicallyAccessedMemberTypes.PublicMethods;

    private static readonly PropertyInfo s_requestServices = typeof(HttpContext).GetProperty(nameof(HttpContext.RequestServices))!;

    public static Func<RequestDelegate, RequestDelegate> Create([DynamicallyAccessedMembers(Members)] Type type, IServiceProvider services, object[] args)
    {
        if (typeof(IMiddleware).IsAssignableFrom(type))
        {
            var middleware = (IMiddleware)ActivatorUtilities.CreateInstance(services, type, args);
            return next => context => middleware.InvokeAsync(context, next);
        }

        // The shape is checked before construction, so a class that is not middleware is named as such.
        var method = FindInvokeMethod(type);
        var parameters = method.GetParameters();
        var instance = ActivatorUtilities.CreateInstance(services, type, args);
        if (parameters.Length == 2)
        {
            var bound = method.CreateDelegate<Func<HttpContext, RequestDelegate, Task>>(instance);
            return next => context => bound(context, next);
        }

        var invoke = CompileWithServices(type, method, parameters);
        return next => context => invoke(instance, context, next);
    }

    private static MethodInfo FindInvokeMethod([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicMethods)] Type type)
    {
        var candidates = type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.Name == MethodName).ToArray();
        if (candidates.Length != 1)
            throw new InvalidOperationException(
                $"Middleware '{type.FullName}' must implement {nameof(IMiddleware)} or have exactly one public instance method " +
                $"'{MethodName}(HttpContext, RequestDelegate, …)'; found {candidates.Length}.");
        var method = candidates[0];
        var parameters = method.GetParameters();
        if (method.ReturnType != typeof(Task) || parameters.Length < 2
            || parameters[0].ParameterType != typeof(HttpContext) || parameters[1].ParameterType != typeof(RequestDelegate))
            throw new InvalidOperationException(
                $"Middleware '{type.FullName}.{MethodName}' must return Task and take (HttpContext, RequestDelegate) first; " +
                "further parameters are resolved from the request's services.");
        foreach (var parameter in parameters.Skip(2))
            if (parameter.ParameterType.IsByRef)
                throw new InvalidOperationException($"Middleware '{type.FullName}.{MethodName}' parameter '{parameter.Name}' cannot be passed by reference.");
        return method;
    }

    /// <summary>Compiles <c>(instance, context, next) => instance.InvokeAsync(context, next, (T1)context.RequestServices.GetRequiredService(typeof(T1)), …)</c>.</summary>
    private static Func<object, HttpContext, RequestDelegate, Task> CompileWithServices(Type type, MethodInfo method, ParameterInfo[] parameters)
    {
        var instance = Expression.Parameter(typeof(object), "instance");
        var context = Expression.Parameter(typeof(HttpContext), "context");
        var next = Expression.Parameter(typeof(RequestDelegate), "next");
        var requestServices = Expression.Property(context, s_requestServices);
        var getRequiredService = typeof(ServiceProviderServiceExtensions).GetMethod(
            nameof(ServiceProviderServiceExtensions.GetRequiredService), [typeof(IServiceProvider), typeof(Type)])!;

        var arguments = new Expression[parameters.Length];
        arguments[0] = context;
        arguments[1] = next;
        for (var i = 2; i < parameters.Length; i++)
        {
            var service = Expression.Call(getRequiredService, requestServices, Expression.Constant(parameters[i].ParameterType, typeof(Type)));
            arguments[i] = Expression.Convert(service, parameters[i].ParameterType);
        }
        var call = Expression.Call(Expression.Convert(instance, type), method, arguments);
        return Expression.Lambda<Func<object, HttpContext, RequestDelegate, Task>>(call, instance, context, next).Compile();
    }
}
