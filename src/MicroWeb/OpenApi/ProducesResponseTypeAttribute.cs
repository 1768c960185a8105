namespace MicroWeb;

/// <summary>
/// Declares a response an action or handler gives, for the OpenAPI document (<c>app.MapOpenApi()</c>): its status and,
/// when it has a JSON body, the body's type. Needed where the return type does not say it (an <see cref="IResult"/>
/// that is not a typed result); repeat it for each status. A declared status replaces the one the return type implies.
/// </summary>
/// <example><c>[ProducesResponseType(typeof(Message), 200)] [ProducesResponseType(404)]</c></example>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true, Inherited = true)]
public sealed class ProducesResponseTypeAttribute : Attribute
{
    /// <summary>A response with a body of <paramref name="type"/>.</summary>
    /// <param name="type">The body's type, serialized as JSON; null for no body.</param>
    /// <param name="statusCode">The status code.</param>
    public ProducesResponseTypeAttribute(Type? type, int statusCode)
    {
        Type = type;
        StatusCode = statusCode;
    }

    /// <summary>A response without a body.</summary>
    /// <param name="statusCode">The status code.</param>
    public ProducesResponseTypeAttribute(int statusCode)
        : this(null, statusCode)
    {
    }

    /// <summary>The body's type; null for no body.</summary>
    public Type? Type { get; }

    /// <summary>The status code.</summary>
    public int StatusCode { get; }

    /// <summary>The body's media type. Default <c>application/json</c>.</summary>
    public string ContentType { get; set; } = "application/json";

    /// <summary>The response's description; the status's reason phrase when not set.</summary>
    public string? Description { get; set; }
}
