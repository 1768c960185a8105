namespace MicroWeb;

/// <summary>Binds a parameter from the JSON request body (System.Text.Json, the app's <see cref="JsonOptions"/>).</summary>
/// <remarks>At most one parameter of an action reads the body. A body that is not JSON is a 415; malformed JSON is a 400.</remarks>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromBodyAttribute : Attribute
{
}

/// <summary>Binds a parameter from the query string; <see cref="Name"/> overrides the parameter's name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromQueryAttribute : Attribute
{
    /// <summary>The query parameter's name, when it differs from the C# parameter's.</summary>
    public string? Name { get; set; }
}

/// <summary>Binds a parameter from a route value; <see cref="Name"/> overrides the parameter's name.</summary>
/// <remarks>The route must have a parameter of that name; otherwise the app fails at startup.</remarks>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromRouteAttribute : Attribute
{
    /// <summary>The route parameter's name, when it differs from the C# parameter's.</summary>
    public string? Name { get; set; }
}

/// <summary>Binds a parameter from the form (urlencoded or multipart); <see cref="Name"/> overrides the parameter's name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromFormAttribute : Attribute
{
    /// <summary>The form field's name, when it differs from the C# parameter's.</summary>
    public string? Name { get; set; }
}

/// <summary>Binds a parameter from a request header field; <see cref="Name"/> is the field name (the parameter's name by default).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromHeaderAttribute : Attribute
{
    /// <summary>The header field's name, e.g. <c>X-Request-Id</c>.</summary>
    public string? Name { get; set; }
}

/// <summary>Binds a parameter from a request cookie; <see cref="Name"/> overrides the parameter's name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromCookieAttribute : Attribute
{
    /// <summary>The cookie's name, when it differs from the C# parameter's.</summary>
    public string? Name { get; set; }
}

/// <summary>
/// Binds a parameter from the request's services (its DI scope). Without the attribute, a parameter whose
/// type is a registered service is bound from the services as well.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class FromServicesAttribute : Attribute
{
}
