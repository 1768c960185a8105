using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Routing;

namespace MicroWeb.Controllers;

/// <summary>
/// One routed action or handler, ready to run: binder plan, compiled invocation and result mapping, all
/// built at startup. Per request it reads the form or JSON body if needed, creates the controller in the
/// request scope, binds, calls and executes the result. Policy such as <c>[Authorize]</c> is not its business:
/// it carries the attributes as <see cref="Metadata"/>, and the router's steps (Routing/IEndpointStep) enforce them.
/// </summary>
internal sealed class Endpoint
{
    private readonly ControllerActivator? _controllers;
    private readonly Func<object?, BindingContext, object?> _invoke;
    private readonly Func<object, ValueTask<object?>>? _unwrap;
    private readonly bool _readsForm;
    private readonly IBodyBinder? _body;

    private Endpoint(string displayName, ControllerActivator? controllers, Func<object?, BindingContext, object?> invoke, Type returnType, ParameterBinder[] binders, object[] metadata)
    {
        DisplayName = displayName;
        Metadata = metadata;
        _controllers = controllers;
        _invoke = invoke;
        _unwrap = ActionResultAdapter.Unwrapper(returnType);
        Binders = binders;
        _readsForm = binders.Any(b => b.ReadsForm);
        IBodyBinder[] bodies = [.. binders.OfType<IBodyBinder>()];
        if (bodies.Length > 1)
        {
            throw new InvalidOperationException(
                $"{displayName}: parameters {string.Join(" and ", bodies.Select(b => $"'{b.Name}'"))} could both read the request body. "
                + "Only one can; mark the others [FromQuery], [FromForm] or [FromServices].");
        }

        _body = bodies.FirstOrDefault();
    }

    /// <summary>Who declared it (<c>UsersController.Show</c>, <c>MapGet("/hello")</c>); named in errors.</summary>
    public string DisplayName { get; }

    /// <summary>The attributes of the action and its controller (the action's first), or of the handler.</summary>
    public IReadOnlyList<object> Metadata { get; }

    internal ParameterBinder[] Binders { get; }

    /// <summary>The action or handler method; its parameters are in <see cref="Binders"/>' order.</summary>
    internal MethodInfo Method { get; private init; } = null!;

    /// <summary>The controller of an action; null for a handler delegate.</summary>
    internal Type? ControllerType { get; private init; }

    /// <summary>An endpoint for action <paramref name="method"/> of <paramref name="controllerType"/>, reached through <paramref name="pattern"/>.</summary>
    public static Endpoint ForAction(Type controllerType, MethodInfo method, ControllerActivator controllers, RoutePattern pattern, BinderFactory binders)
    {
        var displayName = $"{controllerType.Name}.{method.Name}";
        var parameterBinders = CreateBinders(method, pattern, binders, displayName);
        var target = Expression.Parameter(typeof(object), "controller");
        var binding = Expression.Parameter(typeof(BindingContext), "binding");
        Func<Expression[], Expression> call = args => Expression.Call(Expression.Convert(target, controllerType), method, args);
        object[] metadata = [.. method.GetCustomAttributes(inherit: true), .. controllerType.GetCustomAttributes(inherit: true)];
        return new Endpoint(displayName, controllers, Compile(call, method.ReturnType, parameterBinders, target, binding), method.ReturnType, parameterBinders, metadata)
        {
            Method = method,
            ControllerType = controllerType,
        };
    }

    /// <summary>An endpoint for a handler delegate (<c>MapGet</c> and friends).</summary>
    public static Endpoint ForDelegate(Delegate handler, string displayName, RoutePattern pattern, BinderFactory binders)
    {
        var method = handler.Method;
        var parameterBinders = CreateBinders(method, pattern, binders, displayName);
        var target = Expression.Parameter(typeof(object), "unused");
        var binding = Expression.Parameter(typeof(BindingContext), "binding");
        Func<Expression[], Expression> call = args => Expression.Invoke(Expression.Constant(handler), args);
        return new Endpoint(displayName, null, Compile(call, method.ReturnType, parameterBinders, target, binding), method.ReturnType, parameterBinders, method.GetCustomAttributes(inherit: true))
        {
            Method = method,
        };
    }

    public async Task InvokeAsync(HttpContext context, RouteValues values)
    {
        var binding = BindingContext.For(context, values);
        if ((_readsForm || _body is not null) && !await ReadBodyAsync(binding).ConfigureAwait(false))
        {
            await BindingProblem.WriteAsync(binding).ConfigureAwait(false);
            return;
        }

        var controller = _controllers?.Create(context);
        try
        {
            if (controller is Controller controllerBase)
            {
                controllerBase.Initialize(binding);
            }

            var returned = _invoke(controller, binding);
            if (binding.Failed)
            {
                await BindingProblem.WriteAsync(binding).ConfigureAwait(false);
                return;
            }

            if (_unwrap is not null)
            {
                returned = await _unwrap(returned!).ConfigureAwait(false);
            }

            await ActionResultAdapter.ExecuteAsync(returned, context).ConfigureAwait(false);
        }
        finally
        {
            if (controller is not null)
            {
                await _controllers!.ReleaseAsync(controller).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Reads the form or the JSON body ahead of binding; false (with the error recorded) when the body is unacceptable.</summary>
    private async ValueTask<bool> ReadBodyAsync(BindingContext binding)
    {
        var request = binding.HttpContext.Request;
        var aborted = binding.HttpContext.RequestAborted;
        var isJson = IsJson(request.ContentType);
        binding.BodyIsJson = isJson;
        try
        {
            if (_readsForm && request.HasFormContentType)
            {
                binding.Form = await request.ReadFormAsync(aborted).ConfigureAwait(false);
            }

            if (_body is null || !_body.WantsBody(request) || !request.HasBody)
            {
                return true;
            }

            if (!isJson)
            {
                binding.Fail(_body.Name, $"The request body for '{_body.Name}' must be JSON (Content-Type: application/json), not '{request.ContentType}'.", 415);
                return false;
            }

            var options = ResultServices.Of(binding.HttpContext).Json;
            binding.Body = await JsonSerializer.DeserializeAsync(request.Body, _body.BodyType, options, aborted).ConfigureAwait(false);
            binding.HasBody = true;
            return true;
        }
        catch (JsonException e)
        {
            var name = _body?.Name ?? "body";
            binding.Fail(name, JsonBodyError.Describe(name, _body?.BodyType ?? typeof(object), e));
            return false;
        }
        catch (BadHttpRequestException e)
        {
            binding.Fail(_body?.Name ?? "form", e.Message, e.StatusCode);
            return false;
        }
    }

    /// <summary><c>application/json</c> or any <c>application/*+json</c>, parameters ignored.</summary>
    private static bool IsJson(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var mediaType = HeaderGrammar.MediaType(contentType);
        return mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (mediaType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
    }

    private static ParameterBinder[] CreateBinders(MethodInfo method, RoutePattern pattern, BinderFactory binders, string displayName)
    {
        if (method.ContainsGenericParameters)
        {
            throw new InvalidOperationException($"{displayName} is generic; actions cannot have type parameters.");
        }

        return [.. method.GetParameters().Select(p => binders.Create(p, pattern, displayName))];
    }

    /// <summary>
    /// <c>(target, binding) =&gt; { T0 a0 = bind0; …; return binding.Failed ? null : (object)target.Action(a0, …); }</c>:
    /// typed locals, so value-type arguments are never boxed, and no <see cref="MethodBase.Invoke(object, object[])"/>.
    /// </summary>
    private static Func<object?, BindingContext, object?> Compile(
        Func<Expression[], Expression> call, Type returnType, ParameterBinder[] binders, ParameterExpression target, ParameterExpression binding)
    {
        var locals = new ParameterExpression[binders.Length];
        var body = new List<Expression>(binders.Length + 1);
        for (var i = 0; i < binders.Length; i++)
        {
            var bind = binders[i].BindExpression(binding);
            locals[i] = Expression.Variable(bind.Type, binders[i].Name);
            body.Add(Expression.Assign(locals[i], bind));
        }

        var invoke = call(locals);
        Expression result = returnType == typeof(void)
            ? Expression.Block(invoke, Expression.Constant(null, typeof(object)))
            : Expression.Convert(invoke, typeof(object));
        body.Add(Expression.Condition(
            Expression.Property(binding, nameof(BindingContext.Failed)),
            Expression.Constant(null, typeof(object)),
            result));
        return Expression.Lambda<Func<object?, BindingContext, object?>>(Expression.Block(locals, body), target, binding).Compile();
    }
}
