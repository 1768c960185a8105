using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>200 OK with <see cref="Value"/> as JSON; made by <see cref="TypedResults.Ok{TValue}"/>. Its type tells the OpenAPI document the body's schema.</summary>
/// <typeparam name="TValue">The body's type.</typeparam>
[DescribedResult(200, BodyIsTypeArgument = true)]
public sealed class Ok<TValue> : IResult
{
    internal Ok(TValue value) => Value = value;

    /// <summary>The value sent as the body.</summary>
    public TValue Value { get; }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => JsonResult.WriteAsync(context, Value, 200);
}
