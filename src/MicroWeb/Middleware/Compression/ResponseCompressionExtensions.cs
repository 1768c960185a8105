using MicroWeb.Middleware.Compression;

namespace MicroWeb;

/// <summary>Adds the response compression middleware.</summary>
public static class ResponseCompressionExtensions
{
    /// <summary>
    /// Compresses response bodies with Brotli or gzip, as negotiated from the request's Accept-Encoding (q-values
    /// honoured, <c>q=0</c> refuses, <c>*</c> stands for the rest), when the Content-Type is compressible and the body is at
    /// least <see cref="ResponseCompressionOptions.MinimumSize"/> bytes. Compressible responses get <c>Vary: Accept-Encoding</c>.
    /// HEAD requests and 204, 206 and 304 responses, and bodies that already have a Content-Encoding, are left alone.
    /// Register it before the middleware whose responses it should compress (static files, handlers).
    /// </summary>
    public static IPipelineBuilder UseResponseCompression(this IPipelineBuilder builder, ResponseCompressionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var policy = new CompressionPolicy(options ?? new ResponseCompressionOptions());
        return builder.Use(next => new ResponseCompressionMiddleware(next, policy).InvokeAsync);
    }
}
