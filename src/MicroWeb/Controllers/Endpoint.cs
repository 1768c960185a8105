using System.Diagnostics.CodeAnalysis;
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
    private readonly Func<(Action<BindingContext, object?[]> Bind, Func<EndpointFilterInvocationContext, object?> Call)> _withArguments;
    private IReadOnlyList<object>? _metadata;
    private EndpointFilterDelegate? _filters;
    private Action<BindingContext, object?[]>? _bindArguments;

    /// <param name="displayName">Who declared it.</param>
    /// <param name="controllers">Creates the controller; null for a handler.</param>
    /// <param name="call">How it is called: generated, compiled from reflection, or a request delegate.</param>
    /// <param name="binders">The parameters' binders.</param>
    /// <param name="metadata">The attributes.</param>
    /// <param name="attributeFilters">The <see cref="EndpointFilterAttribute"/> filters.</param>
    private Endpoint(string displayName, ControllerActivator? controllers, Call call, ParameterBinder[] binders, object[] metadata, EndpointFilterRegistration[] attributeFilters)
    {
        DisplayName = displayName;
        _ownMetadata = metadata;
        _attributeFilters = attributeFilters;
        _controllers = controllers;
        _invoke = call.Invoke;
        _withArguments = call.WithArguments;
        IsGenerated = call.IsGenerated;
        _unwrap = call.Unwrap;
        Binders = binders;
        _readsForm = binders.Any(b => b.ReadsForm);
        IBodyBinder[] bodies = [.. binders.OfType<IBodyBinder>().Where(b => b.MayReadBody)];
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
    /// <param name="generated">The source generator's action (binders' types, invoker, unwrapper); null compiles one from reflection.</param>
    public static Endpoint ForAction(Type controllerType, MethodInfo method, ControllerActivator controllers, RoutePattern pattern, BinderFactory binders, EndpointConventions? conventions = null, GeneratedAction? generated = null)
    {
        var displayName = $"{controllerType.Name}.{method.Name}";
        var parameterBinders = CreateBinders(method, pattern, binders, displayName, generated?.Parameters);
        Call call;
        if (generated is not null)
        {
            call = Call.Generated(generated, parameterBinders, method.ReturnType);
        }
        else if (ControllerReflection.IsSupported)
        {
            call = Call.Compiled(Invocation.Of(controllerType, method), parameterBinders);
        }
        else
        {
            throw ControllerReflection.NotGenerated(displayName);
        }

        object[] metadata = [.. method.GetCustomAttributes(inherit: true), .. controllerType.GetCustomAttributes(inherit: true)];
        // The controller's filters run around the action's.
        EndpointFilterRegistration[] filters = [.. AttributeFilters(controllerType.GetCustomAttributes<EndpointFilterAttribute>(inherit: true)), .. AttributeFilters(method.GetCustomAttributes<EndpointFilterAttribute>(inherit: true))];
        return new Endpoint(displayName, controllers, call, parameterBinders, metadata, filters)
        {
            Conventions = conventions,
            Method = method,
            ControllerType = controllerType,
        };
    }

    /// <summary>An endpoint for a handler delegate (<c>MapGet</c> and friends): binders and call from reflection.</summary>
    [RequiresUnreferencedCode("A handler delegate's parameters are bound by reflection; map a RequestDelegate in a trimmed app (docs/aot.md).")]
    [RequiresDynamicCode("A handler delegate's call is compiled from expression trees; map a RequestDelegate in a Native AOT app (docs/aot.md).")]
    public static Endpoint ForDelegate(Delegate handler, string displayName, RoutePattern pattern, BinderFactory binders, EndpointConventions? conventions = null)
    {
        var method = handler.Method;
        var parameterBinders = CreateBinders(method, pattern, binders, displayName, null);
        var target = Expression.Parameter(typeof(object), "unused");
        var invocation = new Invocation(args => Expression.Invoke(Expression.Constant(handler), args), method.ReturnType, target);
        var filters = AttributeFilters(method.GetCustomAttributes<EndpointFilterAttribute>(inherit: true));
        return new Endpoint(displayName, null, Call.Compiled(invocation, parameterBinders), parameterBinders, method.GetCustomAttributes(inherit: true), filters)
        {
            Conventions = conventions,
            Method = method,
        };
    }

    /// <summary>
    /// An endpoint for a handler delegate the source generator analysed (an intercepted <c>MapGet</c> call): the binders
    /// are planned from the delegate's method exactly as <see cref="ForDelegate"/> plans them, but built through the
    /// generator's parameter types, and the call is its typed invoker, so nothing is compiled and nothing is made generic
    /// at run time. The method's parameters and attributes are still read, which Native AOT keeps for a delegate's target.
    /// </summary>
    public static Endpoint ForGeneratedDelegate(Delegate handler, GeneratedAction generated, string displayName, RoutePattern pattern, BinderFactory binders, EndpointConventions? conventions = null)
    {
        var method = handler.Method;
        if (generated.Parameters.Count != method.GetParameters().Length)
        {
            throw new InvalidOperationException($"{displayName}: the generated handler has {generated.Parameters.Count} parameters, the delegate's method {method.GetParameters().Length}; rebuild the app.");
        }

        var parameterBinders = CreateBinders(method, pattern, binders, displayName, generated.Parameters);
        var filters = AttributeFilters(method.GetCustomAttributes<EndpointFilterAttribute>(inherit: true));
        return new Endpoint(displayName, null, Call.Generated(generated, parameterBinders, method.ReturnType), parameterBinders, method.GetCustomAttributes(inherit: true), filters)
        {
            Conventions = conventions,
            Method = method,
        };
    }

    /// <summary>An endpoint for a <see cref="RequestDelegate"/>: nothing to bind, nothing compiled, safe for Native AOT.</summary>
    public static Endpoint ForRequestDelegate(RequestDelegate handler, string displayName, EndpointConventions? conventions = null)
    {
        var method = handler.Method;
        var filters = AttributeFilters(method.GetCustomAttributes<EndpointFilterAttribute>(inherit: true));
        return new Endpoint(displayName, null, Call.Request(handler), [], method.GetCustomAttributes(inherit: true), filters)
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
            (_bindArguments, var call) = _withArguments();
            var unwrap = _unwrap;
            EndpointFilterDelegate terminal = unwrap is null
                ? context => new ValueTask<object?>(call(context))
                : context => unwrap(call(context)!);
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
            binding.Body = await JsonSerializer.DeserializeAsync(request.Body, JsonTypes.For(options, _body.BodyType), aborted).ConfigureAwait(false);
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

    private static ParameterBinder[] CreateBinders(MethodInfo method, RoutePattern pattern, BinderFactory binders, string displayName, IReadOnlyList<GeneratedParameter>? generated)
    {
        if (method.ContainsGenericParameters)
        {
            throw new InvalidOperationException($"{displayName} is generic; actions cannot have type parameters.");
        }

        var parameters = method.GetParameters();
        var result = new ParameterBinder[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            result[i] = binders.Create(parameters[i], pattern, displayName, generated?[i]);
        }

        return result;
    }

    /// <summary>
    /// <c>(target, binding) =&gt; { T0 a0 = bind0; …; return binding.Failed ? null : (object)target.Action(a0, …); }</c>:
    /// typed locals, so value-type arguments are never boxed, and no <see cref="MethodBase.Invoke(object, object[])"/>.
    /// </summary>
    [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
    [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
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
    [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
    [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
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
    private sealed record Invocation(Func<Expression[], Expression> Call, Type ReturnType, ParameterExpression Target)
    {
        [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
        [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
        public static Invocation Of(Type controllerType, MethodInfo method)
        {
            var target = Expression.Parameter(typeof(object), "controller");
            return new Invocation(args => Expression.Call(Expression.Convert(target, controllerType), method, args), method.ReturnType, target);
        }
    }

    /// <summary>
    /// The call of an endpoint, made once at startup: the unfiltered invoker, the awaiting of what it returns, and (made
    /// only when filters are added) the call split around the filters' arguments array.
    /// </summary>
    private sealed record Call(
        Func<object?, BindingContext, object?> Invoke,
        Func<object, ValueTask<object?>>? Unwrap,
        Func<(Action<BindingContext, object?[]> Bind, Func<EndpointFilterInvocationContext, object?> Call)> WithArguments,
        bool IsGenerated)
    {
        /// <summary>The generator's typed invoker; with filters, the same invoker reads the arguments array.</summary>
        public static Call Generated(GeneratedAction action, ParameterBinder[] binders, Type returnType)
        {
            var invoke = action.Invoke;
            return new Call(
                (controller, binding) => invoke(controller!, new ActionArguments(binders, binding)),
                ActionResultAdapter.Unwrapper(returnType, action.Unwrap),
                () => (BindBoxed(binders), context => invoke(context.Target!, new ActionArguments(context.ArgumentArray))),
                IsGenerated: true);
        }

        [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
        [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
        public static Call Compiled(Invocation invocation, ParameterBinder[] binders) => new(
            Compile(invocation, binders),
            ActionResultAdapter.Unwrapper(invocation.ReturnType),
            CompiledWithArguments(invocation, binders),
            IsGenerated: false);

        /// <summary>A request delegate's task is awaited like an action's <see cref="Task"/>.</summary>
        public static Call Request(RequestDelegate handler) => new(
            (_, binding) => handler(binding.HttpContext),
            ActionResultAdapter.Unwrapper(typeof(Task)),
            () => (static (_, _) => { }, context => handler(context.HttpContext)),
            IsGenerated: false);

        [RequiresUnreferencedCode("The reflection path's invoker is compiled from expression trees.")]
        [RequiresDynamicCode("The reflection path's invoker is compiled from expression trees.")]
        private static Func<(Action<BindingContext, object?[]>, Func<EndpointFilterInvocationContext, object?>)> CompiledWithArguments(Invocation invocation, ParameterBinder[] binders) => () =>
        {
            var (bind, call) = CompileWithArguments(invocation, binders);
            return (bind, context => call(context.Target, context.ArgumentArray));
        };

        private static Action<BindingContext, object?[]> BindBoxed(ParameterBinder[] binders) => (binding, arguments) =>
        {
            for (var i = 0; i < binders.Length; i++)
            {
                arguments[i] = binders[i].BindBoxed(binding);
            }
        };
    }
}
