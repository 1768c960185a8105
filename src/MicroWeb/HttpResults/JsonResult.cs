namespace MicroWeb.HttpResults;

/// <summary>A value serialized as JSON with the app's <see cref="JsonOptions"/>, by its runtime type.</summary>
internal sealed class JsonResult(object? value, int statusCode) : IResult
{
    public const string ContentType = "application/json; charset=utf-8";

    public object? Value => value;

    public Task ExecuteAsync(HttpContext context) => WriteAsync(context, value, statusCode);

    /// <summary>Writes <paramref name="value"/> as JSON; also used directly for actions returning a value.</summary>
    public static Task WriteAsync(HttpContext context, object? value, int statusCode)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        var write = JsonResponseWriter.WriteAsync(
            response, value, value?.GetType() ?? typeof(object), ResultServices.Of(context).Json, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }
}
