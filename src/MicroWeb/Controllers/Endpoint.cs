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
    private readonly object[] _ownMetadata;
    private readonly EndpointFilterRegistration[] _attributeFilters;
    private readonly Invocation _invocation;
    private IReadOnlyList<object>? _metadata;
    private EndpointFilterDelegate? _filters;
    private Action<BindingContext, object?[]>? _bindArguments;

    private Endpoint(string displayName, ControllerActivator? controllers, Invocation invocation, ParameterBinder[] binders, object[] metadata, EndpointFilterRegistration[] attributeFilters, GeneratedInvoker? generated = null)
    {
        DisplayName = displayName;
        _ownMetadata = metadata;
        _attributeFilters = attributeFilters;
        _invocation = invocation;
        _controllers = controllers;
        _invoke = generated is null ? Compile(invocation, binders) : (controller, binding) => generated(controller!, new ActionArguments(binders, binding));
        IsGenerated = generated is not null;
        _unwrap = ActionResultAdapter.Unwrapper(invocation.ReturnType);
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

    /// <summary>
    /// The attributes of the action and its controller (the action's first), or of the handler; then what the endpoint's
    /// own <see cref="RouteHandlerBuilder"/> and the groups it is mapped in added (<c>RequireAuthorization</c>…),
    /// innermost first. Fixed once the route table is built (<see cref="Prepare"/>).
    /// </summary>
    public IReadOnlyList<object> Metadata => _metadata ?? ComposeMetadata();

    /// <summary>The conventions of the group (or of the <c>MapGet</c> call) the endpoint was mapped through; null at the top level.</summary>
    public EndpointConventions? Conventions { get; init; }

    /// <summary>True when the call is the source generator's typed invoker, false when it was compiled from reflection.</summary>
    internal bool IsGenerated { get; }

    /// <summary>True when filters run around the call: the invocation goes through an arguments array.</summary>
    internal bool HasFilters => _filters is not null;

    internal ParameterBinder[] Binders { get; }

    /// <summary>The action or handler method; its parameters are in <see cref="Binders"/>' order.</summary>
    internal MethodInfo Method { get; private init; } = null!;

    /// <summary>The controller of an action; null for a handler delegate.</summary>
    internal Type? ControllerType { get; private init; }

    /// <summary>An endpoint for action <paramref name="method"/> of <paramref name="controllerType"/>, reached through <paramref name="pattern"/>.</summary>
    /// <param name="controllerType">The controller.</param>
    /// <param name="method">The action.</param>
    /// <param name="controllers">Creates the controller per request.</param>
    /// <param name="pattern">The route.</param>
    /// <param name="binders">The binder factory of the build.</param>
    /// <param name="conventions">The route group's metadata and filters; null outside a group.</param>
    /// <param name="generated">The source generator's invoker for the action; null compiles one from reflection.</param>
    public static Endpoint ForAction(Type controllerType, MethodInfo method, ControllerActivator controllers, RoutePattern pattern, BinderFactory binders, EndpointConventions? conventions = null, GeneratedInvoker? generated = null)
    {
        var displayName = $"{controllerType.Name}.{method.Name}";
        var parameterBinders = CreateBinders(method, pattern, binders, displayName);
        var target = Expression.Parameter(typeof(object), "controller");
        Func<Expression[], Expression> call = args => Expression.Call(Expression.Convert(target, controllerType), method, args);
        object[] metadata = [.. method.GetCustomAttributes(inherit: true), .. controllerType.GetCustomAttributes(inherit: true)];
        // The controller's filters run around the action's.
        EndpointFilterRegistration[] filters = [.. AttributeFilters(controllerType.GetCustomAttributes<EndpointFilterAttribute>(inherit: true)), .. AttributeFilters(method.GetCustomAttributes<EndpointFilterAttribute>(inherit: true))];
        return new Endpoint(displayName, controllers, new Invocation(call, method.ReturnType, target), parameterBinders, metadata, filters, generated)
        {
            Conventions = conventions,
            Method = method,
            ControllerType = controllerType,
        };
    }

    /// <summary>An endpoint for a handler delegate (<c>MapGet</c> and friends).</summary>
    public static Endpoint ForDelegate(Delegate handler, string displayName, RoutePattern pattern, BinderFactory binders, EndpointConventions? conventions = null)
    {
        var method = handler.Method;
        var parameterBinders = CreateBinders(method, pattern, binders, displayName);
        var target = Expression.Parameter(typeof(object), "unused");
        Func<Expression[], Expression> call = args => Expression.Invoke(Expression.Constant(handler), args);
        var filters = AttributeFilters(method.GetCustomAttributes<EndpointFilterAttribute>(inherit: true));
        return new Endpoint(displayName, null, new Invocation(call, method.ReturnType, target), parameterBinders, method.GetCustomAttributes(inherit: true), filters)
        {
            Conventions = conventions,
            Method = method,
        };
    }

    /// <summary>
    /// Fixes <see cref="Metadata"/> and composes the filters, when the route table is built (after every convention is
    /// known). Once: an endpoint kept across a hot-reload rebuild keeps what it has, and requests may be running on it.
    /// </summary>
    /// <exception cref="InvalidOperationException">A filter cannot be created; the message names the endpoint.</exception>
    public void Prepare(IServiceProvider services)
    {
        if (_metadata is not null)
        {
            return;
        }

        var filters = new List<EndpointFilterRegistration>();
        Conventions?.CollectFilters(filters);
        filters.AddRange(_attributeFilters);
        if (filters.Count > 0)
        {
            (_bindArguments, var call) = CompileWithArguments(_invocation, Binders);
            var unwrap = _unwrap;
            EndpointFilterDelegate terminal = unwrap is null
                ? context => new ValueTask<object?>(call(context.Target, context.ArgumentArray))
                : context => unwrap(call(context.Target, context.ArgumentArray)!);
            _filters = EndpointFilterPipeline.Build(filters, terminal, services, DisplayName);
        }

        _metadata = ComposeMetadata();
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

            if (_filters is not null)
            {
                await InvokeFilteredAsync(controller, binding).ConfigureAwait(false);
                return;
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

    /// <summary>Binds into an arguments array, runs the filter chain around the call, and executes what it returned.</summary>
    private async Task InvokeFilteredAsync(object? controller, BindingContext binding)
    {
        var arguments = Binders.Length == 0 ? [] : new object?[Binders.Length];
        _bindArguments!(binding, arguments);
        if (binding.Failed)
        {
            await BindingProblem.WriteAsync(binding).ConfigureAwait(false);
            return;
        }

        var returned = await _filters!(new EndpointFilterInvocationContext(binding.HttpContext, arguments, controller)).ConfigureAwait(false);
        await ActionResultAdapter.ExecuteAsync(returned, binding.HttpContext).ConfigureAwait(false);
    }

    private IReadOnlyList<object> ComposeMetadata()
    {
        if (Conventions is null)
        {
            return _ownMetadata;
        }

        var metadata = new List<object>(_ownMetadata);
        Conventions.CollectMetadata(metadata);
        return metadata;
    }

    private static EndpointFilterRegistration[] AttributeFilters(IEnumerable<EndpointFilterAttribute> attributes) =>
        [.. attributes.Select(a => EndpointFilterRegistration.For(a.FilterType))];

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
    private static Func<object?, BindingContext, object?> Compile(Invocation invocation, ParameterBinder[] binders)
    {
        var (call, returnType, target) = invocation;
        var binding = Expression.Parameter(typeof(BindingContext), "binding");
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
    /// <summary>
    /// For an endpoint with filters, the call split in two: <c>(binding, args) =&gt; { args[0] = (object)bind0; … }</c>
    /// and <c>(target, args) =&gt; (object)target.Action((T0)args[0], …)</c>, so filters can read and replace the
    /// arguments in between. Value-type arguments are boxed here, which the unfiltered path avoids.
    /// </summary>
    private static (Action<BindingContext, object?[]> Bind, Func<object?, object?[], object?> Call) CompileWithArguments(Invocation invocation, ParameterBinder[] binders)
    {
        var (call, returnType, target) = invocation;
        var binding = Expression.Parameter(typeof(BindingContext), "binding");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var assignments = new List<Expression>(binders.Length + 1);
        var reads = new Expression[binders.Length];
        for (var i = 0; i < binders.Length; i++)
        {
            var bind = binders[i].BindExpression(binding);
            var slot = Expression.ArrayAccess(arguments, Expression.Constant(i));
            assignments.Add(Expression.Assign(slot, Expression.Convert(bind, typeof(object))));
            reads[i] = Expression.Convert(slot, bind.Type);
        }

        assignments.Add(Expression.Empty());
        var invoke = call(reads);
        Expression result = returnType == typeof(void)
            ? Expression.Block(invoke, Expression.Constant(null, typeof(object)))
            : Expression.Convert(invoke, typeof(object));
        return (
            Expression.Lambda<Action<BindingContext, object?[]>>(Expression.Block(assignments), binding, arguments).Compile(),
            Expression.Lambda<Func<object?, object?[], object?>>(result, target, arguments).Compile());
    }

    /// <summary>How to call the action or handler: the call built from argument expressions, its return type, and the target parameter the call refers to.</summary>
    private sealed record Invocation(Func<Expression[], Expression> Call, Type ReturnType, ParameterExpression Target);
}
