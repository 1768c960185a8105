namespace MicroWeb;

/// <summary>Options for <see cref="StatusCodePagesExtensions.UseStatusCodePages(IPipelineBuilder, StatusCodePagesOptions)"/>.</summary>
/// <remarks>
/// Left at their defaults, the pages are negotiated from the request's Accept field: an HTML page for a browser
/// (from <see cref="Template"/> when set), <c>application/problem+json</c> for a client that prefers JSON, and the
/// text <c>404 Not Found</c> otherwise. Setting <see cref="ContentType"/>, <see cref="BodyFormat"/> or
/// <see cref="Handler"/> turns negotiation off: every error then gets that one body.
/// </remarks>
public sealed class StatusCodePagesOptions
{
    private const string DefaultContentType = "text/plain; charset=utf-8";
    private const string DefaultBodyFormat = "{0} {1}";

    private string? _contentType;
    private string? _bodyFormat;

    /// <summary>The Content-Type of the generated body. Default <c>text/plain; charset=utf-8</c>; setting it turns negotiation off.</summary>
    public string ContentType
    {
        get => _contentType ?? DefaultContentType;
        set => _contentType = value;
    }

    /// <summary>
    /// A composite format string for the body: <c>{0}</c> is the status code, <c>{1}</c> its reason phrase.
    /// Default <c>{0} {1}</c>, e.g. <c>404 Not Found</c>; setting it turns negotiation off. The text is sent as is,
    /// so escape any HTML in it yourself.
    /// </summary>
    public string BodyFormat
    {
        get => _bodyFormat ?? DefaultBodyFormat;
        set => _bodyFormat = value;
    }

    /// <summary>Writes the body instead of <see cref="BodyFormat"/>, when set. The status code is already on the response.</summary>
    public Func<HttpContext, Task>? Handler { get; set; }

    /// <summary>
    /// The template (a file in the app's template folder, e.g. <c>error.html</c>) that renders the page for clients
    /// that want HTML; a file <c>errors/&lt;status&gt;.html</c> there, e.g. <c>errors/404.html</c>, is used instead for
    /// its status. Its model has <c>statusCode</c>, <c>reasonPhrase</c>, <c>title</c> (<c>404 Not Found</c>),
    /// <c>message</c> (one sentence), <c>path</c>, <c>pathBase</c> and <c>traceId</c>, so the template can use the
    /// app's layout. API clients still get <c>application/problem+json</c>. If rendering fails, the error is logged
    /// and the built-in page is sent. The files are looked up when the pipeline is built; a missing template fails
    /// startup.
    /// </summary>
    public string? Template { get; set; }

    /// <summary>
    /// Adds to the <see cref="Template"/>'s model what the app's layout needs (the signed-in user, say); called
    /// for each templated page.
    /// </summary>
    public Action<HttpContext, IDictionary<string, object?>>? ConfigureModel { get; set; }

    /// <summary>True when a body of the app's own replaces the negotiated pages.</summary>
    internal bool HasCustomBody => _contentType is not null || _bodyFormat is not null || Handler is not null;
}
