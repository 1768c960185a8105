namespace MicroWeb;

/// <summary>
/// Results whose types say what they answer, so the OpenAPI document can describe a handler returning them:
/// declare the return type as <see cref="Results{TResult1, TResult2}"/> (or one kind alone) and return these.
/// </summary>
/// <example>
/// <code>
/// app.MapGet("/messages/{id:int}", Results&lt;Ok&lt;Message&gt;, NotFound&gt; (int id, IMessageStore store) =>
///     store.Find(id) is { } message ? TypedResults.Ok(message) : TypedResults.NotFound());
/// </code>
/// </example>
public static class TypedResults
{
    /// <summary>200 OK with <paramref name="value"/> as JSON (the app's <see cref="JsonOptions"/>).</summary>
    /// <typeparam name="TValue">The body's type, as the document describes it.</typeparam>
    /// <param name="value">The body.</param>
    public static Ok<TValue> Ok<TValue>(TValue value) => new(value);

    /// <summary>201 Created: <c>Location: </c><paramref name="location"/> and <paramref name="value"/> as JSON.</summary>
    /// <typeparam name="TValue">The body's type.</typeparam>
    /// <param name="location">The new resource's URI, e.g. <c>/messages/42</c>.</param>
    /// <param name="value">The body: usually the created resource.</param>
    public static Created<TValue> Created<TValue>(string location, TValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        return new(location, value);
    }

    /// <summary>204 No Content.</summary>
    public static NoContent NoContent() => MicroWeb.NoContent.Instance;

    /// <summary>404 Not Found with an empty body.</summary>
    public static NotFound NotFound() => MicroWeb.NotFound.Instance;

    /// <summary>400 Bad Request with an empty body.</summary>
    public static BadRequest BadRequest() => MicroWeb.BadRequest.Instance;
}
