namespace MicroWeb.HttpResults;

/// <summary>Text (plain, HTML or any other textual type) written as UTF-8.</summary>
internal sealed class TextResult(string content, string contentType, int statusCode) : IResult
{
    public const string PlainText = "text/plain; charset=utf-8";
    public const string Html = "text/html; charset=utf-8";

    public string Content => content;

    public string ContentType => contentType;

    public Task ExecuteAsync(HttpContext context) => WriteAsync(context, content, contentType, statusCode);

    /// <summary>Writes <paramref name="content"/> as the response; also used directly for actions returning a string.</summary>
    public static Task WriteAsync(HttpContext context, string content, string contentType, int statusCode)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        var write = response.WriteAsync(content, context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }
}
