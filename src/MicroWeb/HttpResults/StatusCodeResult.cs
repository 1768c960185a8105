namespace MicroWeb.HttpResults;

/// <summary>A status code with an empty body (or, for <see cref="Results.BadRequest"/>, a short plain-text reason).</summary>
internal sealed class StatusCodeResult(int statusCode, string? message = null) : IResult
{
    /// <summary>Shared instances: these results hold no per-request state.</summary>
    public static readonly StatusCodeResult NoContent = new(204);
    public static readonly StatusCodeResult NotFound = new(404);
    public static readonly StatusCodeResult BadRequest = new(400);

    public int StatusCode => statusCode;

    public Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        if (message is null)
        {
            return Task.CompletedTask;
        }

        response.ContentType = TextResult.PlainText;
        var write = response.WriteAsync(message, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }
}
