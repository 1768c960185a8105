using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>
/// 201 Created with a <c>Location</c> header naming the new resource (RFC 9110 §15.3.2) and <see cref="Value"/> as JSON;
/// made by <see cref="TypedResults.Created{TValue}"/>.
/// </summary>
/// <typeparam name="TValue">The body's type.</typeparam>
[DescribedResult(201, BodyIsTypeArgument = true)]
public sealed class Created<TValue> : IResult
{
    internal Created(string location, TValue value)
    {
        Location = location;
        Value = value;
    }

    /// <summary>The new resource's URI, sent as the <c>Location</c> header.</summary>
    public string Location { get; }

    /// <summary>The value sent as the body.</summary>
    public TValue Value { get; }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.Headers["Location"] = Location;
        return JsonResult.WriteAsync(context, Value, 201);
    }
}
