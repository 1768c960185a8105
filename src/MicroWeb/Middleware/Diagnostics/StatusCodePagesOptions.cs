namespace MicroWeb;

/// <summary>Options for <see cref="StatusCodePagesExtensions.UseStatusCodePages(IPipelineBuilder, StatusCodePagesOptions)"/>.</summary>
public sealed class StatusCodePagesOptions
{
    /// <summary>The Content-Type of the generated body. Default <c>text/plain; charset=utf-8</c>.</summary>
    public string ContentType { get; set; } = "text/plain; charset=utf-8";

    /// <summary>
    /// A composite format string for the body: <c>{0}</c> is the status code, <c>{1}</c> its reason phrase.
    /// Default <c>{0} {1}</c>, e.g. <c>404 Not Found</c>. The text is sent as is, so escape any HTML in it yourself.
    /// </summary>
    public string BodyFormat { get; set; } = "{0} {1}";

    /// <summary>Writes the body instead of <see cref="BodyFormat"/>, when set. The status code is already on the response.</summary>
    public Func<HttpContext, Task>? Handler { get; set; }
}
