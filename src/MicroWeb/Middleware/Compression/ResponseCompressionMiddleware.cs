namespace MicroWeb.Middleware.Compression;

/// <summary>Wraps the response output in a <see cref="ResponseCompressionOutput"/> for the rest of the pipeline.</summary>
internal sealed class ResponseCompressionMiddleware(RequestDelegate next, CompressionPolicy policy)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // No Accept-Encoding means identity only; a HEAD answer must describe the uncompressed GET exactly as sent.
        if (HttpMethods.IsHead(request.Method) || !request.Headers.TryGetValue("Accept-Encoding", out var acceptEncoding))
            return next(context);
        var encoding = policy.Negotiate(acceptEncoding.ToString());
        return CompressAsync(context, encoding);
    }

    private async Task CompressAsync(HttpContext context, int encoding)
    {
        var response = context.Response;
        var previous = response.Output;
        var output = new ResponseCompressionOutput(response, policy, encoding);
        response.Output = output;
        try
        {
            await next(context).ConfigureAwait(false);
            await output.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            response.Output = previous;
            output.Release();
        }
    }
}
