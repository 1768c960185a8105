namespace MicroWeb.Controllers;

/// <summary>
/// The per-request state of binding one action's parameters: the sources read ahead of time (form, JSON
/// body), the client errors that turn into a 400, and the validation results the action sees as ModelState.
/// </summary>
/// <remarks>
/// One per connection: <see cref="For"/> hands out the context's own instance, reset, so a request
/// allocates nothing here; the lists inside are created only when something goes wrong.
/// </remarks>
internal sealed class BindingContext
{
    private ModelStateDictionary? _modelState;

    private BindingContext(HttpContext httpContext) => HttpContext = httpContext;

    public HttpContext HttpContext { get; }

    public RouteValues RouteValues { get; private set; }

    /// <summary>The form, when the request has a form content type and some parameter may read it.</summary>
    public FormCollection? Form { get; set; }

    /// <summary>True once the JSON body was read into <see cref="Body"/>.</summary>
    public bool HasBody { get; set; }

    /// <summary>The deserialized JSON body.</summary>
    public object? Body { get; set; }

    /// <summary>True when the request body is JSON, so a 400 answers with problem+json.</summary>
    public bool BodyIsJson { get; set; }

    /// <summary>The status of the problem answer: 400, or the 4xx a body read reported (413, 415).</summary>
    public int ProblemStatus { get; private set; } = 400;

    /// <summary>Client errors (unconvertible or missing values): any makes the request a 4xx and the action is not called.</summary>
    public List<BindingError>? Errors { get; private set; }

    public bool Failed => Errors is not null;

    public ModelStateDictionary ModelState => _modelState ??= new ModelStateDictionary();

    /// <summary>The binding state for the request in <paramref name="context"/>, reused across the requests of its connection.</summary>
    public static BindingContext For(HttpContext context, RouteValues routeValues)
    {
        var binding = context.EndpointState as BindingContext;
        if (binding is null)
        {
            binding = new BindingContext(context);
            context.EndpointState = binding;
        }

        binding.RouteValues = routeValues;
        binding.Form = null;
        binding.HasBody = false;
        binding.Body = null;
        binding.BodyIsJson = false;
        binding.ProblemStatus = 400;
        binding.Errors = null;
        binding._modelState = null;
        return binding;
    }

    public void Fail(string key, string message, int status = 400)
    {
        (Errors ??= []).Add(new BindingError(key, message));
        if (status != 400)
        {
            ProblemStatus = status;
        }
    }
}

/// <summary>One client error: the parameter (or model member) and why its value was rejected.</summary>
internal readonly record struct BindingError(string Key, string Message);
