using System.Net.ServerSentEvents;
using MicroWeb.Http;
using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>
/// Creates the common <see cref="IResult"/> kinds; for handlers mapped with <c>MapGet</c> and friends.
/// Controllers have the same helpers as methods of <see cref="Controller"/>.
/// </summary>
/// <example>
/// <code>
/// app.MapGet("/users/{id:int}", (int id, IUserStore users) =>
///     users.Find(id) is { } user ? Results.Json(user) : Results.NotFound());
/// </code>
/// </example>
public static class Results
{
    /// <summary>Plain text, <c>text/plain; charset=utf-8</c> unless <paramref name="contentType"/> says otherwise.</summary>
    /// <param name="content">The text, sent as UTF-8.</param>
    /// <param name="contentType">The Content-Type, e.g. <c>text/csv; charset=utf-8</c>.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    public static IResult Text(string content, string? contentType = null, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new TextResult(content, contentType ?? TextResult.PlainText, CheckStatus(statusCode));
    }

    /// <summary>HTML, <c>text/html; charset=utf-8</c>. The text is sent as it is: escape what came from users.</summary>
    /// <param name="html">The markup.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    public static IResult Html(string html, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(html);
        return new TextResult(html, TextResult.Html, CheckStatus(statusCode));
    }

    /// <summary>
    /// <paramref name="value"/> as JSON (<c>application/json; charset=utf-8</c>), serialized by its runtime type
    /// with the app's <see cref="JsonOptions"/> (camelCase by default).
    /// </summary>
    /// <param name="value">The value; <see langword="null"/> is sent as <c>null</c>.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    public static IResult Json(object? value, int statusCode = 200) => new JsonResult(value, CheckStatus(statusCode));

    /// <summary>A redirect to a local URL: 302 Found, or 301 Moved Permanently when <paramref name="permanent"/>.</summary>
    /// <param name="url">A path on this site, starting with a single <c>/</c> (see <see cref="IsLocalUrl"/>).</param>
    /// <param name="permanent">True for 301.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="url"/> is not local (absolute, protocol-relative <c>//host</c>, or relative without a leading
    /// <c>/</c>): redirecting to a URL taken from the request would be an open redirect. Use
    /// <see cref="RedirectExternal"/> for a URL you trust.
    /// </exception>
    public static IResult Redirect(string url, bool permanent = false) => new RedirectResult(url, permanent, allowExternal: false);

    /// <summary>A redirect to any URL, another site included: 302 Found, or 301 when <paramref name="permanent"/>.</summary>
    /// <param name="url">The target. Never pass a URL from the request unchecked: that is an open redirect.</param>
    /// <param name="permanent">True for 301.</param>
    public static IResult RedirectExternal(string url, bool permanent = false) => new RedirectResult(url, permanent, allowExternal: true);

    /// <summary>
    /// True when <paramref name="url"/> is a path on this site: it starts with <c>/</c> and not with <c>//</c> or
    /// <c>/\</c> (which browsers treat as another host), and has no control characters.
    /// </summary>
    /// <param name="url">The URL to check, typically a <c>returnUrl</c> from the request.</param>
    public static bool IsLocalUrl(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/')
        {
            return false;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        foreach (var c in url)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>404 Not Found with an empty body.</summary>
    public static IResult NotFound() => StatusCodeResult.NotFound;

    /// <summary>400 Bad Request, with <paramref name="message"/> as a plain-text body when given.</summary>
    /// <param name="message">A short reason, shown to the client.</param>
    public static IResult BadRequest(string? message = null) =>
        message is null ? StatusCodeResult.BadRequest : new StatusCodeResult(400, message);

    /// <summary>
    /// An RFC 9457 problem document, <c>application/problem+json</c>: <c>type</c>, <c>title</c>, <c>status</c>,
    /// <c>detail</c>, <c>instance</c>, the <paramref name="extensions"/>, and <c>traceId</c> (the request's trace id,
    /// as on the status-code pages), so a client's report can be matched with the server's log.
    /// </summary>
    /// <param name="detail">What went wrong this time, for the client; never a stack trace or a secret.</param>
    /// <param name="statusCode">The status code, 500 unless given (400 to 599).</param>
    /// <param name="title">A short summary of the problem type; null for the status's reason phrase.</param>
    /// <param name="type">A URI naming the problem type; null for <c>about:blank</c> (the problem is just the status).</param>
    /// <param name="instance">A URI naming this occurrence, or null.</param>
    /// <param name="extensions">More members, serialized with the app's <see cref="JsonOptions"/>; not one of the standard names nor <c>errors</c> or <c>traceId</c>.</param>
    /// <exception cref="ArgumentException">An extension reuses a member name the document already has.</exception>
    public static IResult Problem(string? detail = null, int? statusCode = null, string? title = null, string? type = null,
        string? instance = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        new ProblemResult(new ProblemDocument(CheckProblemStatus(statusCode ?? 500), type ?? ProblemDocument.AboutBlank, title, detail, instance,
            Extensions: CheckExtensions(extensions)));

    /// <summary>
    /// A validation problem: an RFC 9457 document (as <see cref="Problem"/>) whose <c>errors</c> member holds the
    /// messages of each field, <c>{"errors":{"email":["Enter an email address."]}}</c>; 400 unless given.
    /// </summary>
    /// <param name="errors">The messages by field name; a controller passes its <c>ModelState</c>.</param>
    /// <param name="detail">An explanation, or null.</param>
    /// <param name="statusCode">The status code, 400 unless given (422 suits content that parsed but is not valid).</param>
    /// <param name="title">The title; null for <c>One or more validation errors occurred.</c></param>
    /// <param name="type">A URI naming the problem type; null for RFC 9110's section on the status code.</param>
    /// <param name="instance">A URI naming this occurrence, or null.</param>
    /// <param name="extensions">More members, as for <see cref="Problem"/>.</param>
    /// <exception cref="ArgumentException">An extension reuses a member name the document already has.</exception>
    public static IResult ValidationProblem(IEnumerable<KeyValuePair<string, IReadOnlyList<string>>> errors, string? detail = null, int? statusCode = null,
        string? title = null, string? type = null, string? instance = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var status = CheckProblemStatus(statusCode ?? 400);
        // Copied: the result may run after the caller changes its dictionary (a ModelStateDictionary keeps filling).
        var copy = new List<KeyValuePair<string, IReadOnlyList<string>>>();
        foreach (var (key, messages) in errors) copy.Add(new(key, [.. messages]));
        return new ProblemResult(new ProblemDocument(status, type ?? ValidationProblemType(status), title ?? "One or more validation errors occurred.",
            detail, instance, copy, CheckExtensions(extensions)));
    }

    /// <summary>The status code with an empty body.</summary>
    /// <param name="statusCode">200 to 999.</param>
    public static IResult StatusCode(int statusCode) => new StatusCodeResult(CheckStatus(statusCode));

    /// <summary>204 No Content.</summary>
    public static IResult NoContent() => StatusCodeResult.NoContent;

    /// <summary>
    /// The file at <paramref name="path"/>, served as static files are: ETag and Last-Modified, 304 on a matching
    /// If-None-Match or If-Modified-Since, 412 on a failed If-Match or If-Unmodified-Since, a single byte range
    /// (206, 416 when unsatisfiable, If-Range) for GET; HEAD sends the headers only. 404 when it does not exist.
    /// </summary>
    /// <param name="path">An absolute path, or one relative to the content root. Never build it from request input unchecked.</param>
    /// <param name="contentType">The Content-Type, e.g. <c>application/pdf</c>; when null, the one <see cref="ContentTypeMap"/>'s built-in table gives the extension, else <c>application/octet-stream</c>.</param>
    /// <param name="downloadName">When given, the browser saves the file under this name (<c>Content-Disposition: attachment</c>).</param>
    public static IResult File(string path, string? contentType = null, string? downloadName = null) =>
        FileResult.FromPath(path, contentType, downloadName);

    /// <summary>The bytes as a file.</summary>
    /// <param name="contents">The file's content.</param>
    /// <param name="contentType">The Content-Type, e.g. <c>image/png</c>.</param>
    /// <param name="downloadName">When given, the browser saves the file under this name.</param>
    public static IResult File(byte[] contents, string contentType, string? downloadName = null) =>
        FileResult.FromBytes(contents, contentType, downloadName);

    /// <summary>The stream's content, from its current position, as a file. The result disposes the stream.</summary>
    /// <param name="stream">The content; its length is announced when it can seek.</param>
    /// <param name="contentType">The Content-Type, e.g. <c>text/csv</c>.</param>
    /// <param name="downloadName">When given, the browser saves the file under this name.</param>
    public static IResult File(Stream stream, string contentType, string? downloadName = null) =>
        FileResult.FromStream(stream, contentType, downloadName);

    /// <summary>
    /// View <paramref name="name"/> rendered with <paramref name="model"/> by the registered <see cref="IViewRenderer"/>,
    /// as <c>text/html; charset=utf-8</c>. Without a registered renderer, executing the result throws
    /// <see cref="InvalidOperationException"/> (a 500).
    /// </summary>
    /// <param name="name">The view's name, e.g. <c>messages.html</c>.</param>
    /// <param name="model">The data the view shows.</param>
    /// <param name="statusCode">The status code, 200 unless given (422 suits a form re-shown with errors).</param>
    /// <returns>The result; <see cref="ViewResult.Fragment"/> and <see cref="ViewResult.FragmentIfHtmx"/> render one block of it instead.</returns>
    public static ViewResult View(string name, object? model = null, int statusCode = 200)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new ViewResult(name, model, CheckStatus(statusCode));
    }

    /// <summary>
    /// A compiled view (<see cref="TemplateAttribute"/>) as <c>text/html; charset=utf-8</c>: its generated code writes
    /// the page, with no reflection and no registered renderer needed. In Development, when its template files on
    /// disk no longer match the build, the runtime engine renders the current files with the same object instead.
    /// </summary>
    /// <param name="view">The view, with its data.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    /// <returns>The result; <see cref="ViewResult.Fragment"/> and <see cref="ViewResult.FragmentIfHtmx"/> render one block of it instead.</returns>
    public static ViewResult View(ICompiledView view, int statusCode = 200)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ViewResult(view.TemplateName, view, CheckStatus(statusCode));
    }

    /// <summary>
    /// A Server-Sent Events stream (<c>text/event-stream</c>, <c>Cache-Control: no-cache</c>): each string is one
    /// event's data, sent as soon as the enumeration produces it; a string with line breaks becomes several
    /// <c>data:</c> lines, which the client joins again. Comment heartbeats keep a silent stream open
    /// (<see cref="ServerSentEventsOptions.HeartbeatInterval"/>). The enumeration is cancelled, through the token given
    /// to its enumerator, when the client disconnects or the app stops; the stream ends when the enumeration does. A
    /// reconnecting client's last event id is in the <c>Last-Event-ID</c> request header. HEAD gets the headers only.
    /// </summary>
    /// <param name="values">The events' data.</param>
    /// <param name="eventType">The <c>event:</c> field of every event; null sends none, so clients see <c>message</c> events.</param>
    public static IResult ServerSentEvents(IAsyncEnumerable<string> values, string? eventType = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ServerSentEventsResult<string>(AsItems(values, eventType));
    }

    /// <summary>
    /// A Server-Sent Events stream whose events' data are <paramref name="values"/> serialized as JSON with the app's
    /// <see cref="JsonOptions"/> (strings are sent as they are). Otherwise as
    /// <see cref="ServerSentEvents(IAsyncEnumerable{string}, string?)"/>.
    /// </summary>
    /// <typeparam name="T">The items' type.</typeparam>
    /// <param name="values">The events' data.</param>
    /// <param name="eventType">The <c>event:</c> field of every event; null sends none.</param>
    public static IResult ServerSentEvents<T>(IAsyncEnumerable<T> values, string? eventType = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ServerSentEventsResult<T>(AsItems(values, eventType));
    }

    /// <summary>
    /// A Server-Sent Events stream of complete items: each <see cref="SseItem{T}"/> gives its event type, its id
    /// (<c>id:</c>, what a reconnecting client sends back as <c>Last-Event-ID</c>) and its reconnection interval
    /// (<c>retry:</c>). Data that is not a string is serialized as JSON. Otherwise as
    /// <see cref="ServerSentEvents(IAsyncEnumerable{string}, string?)"/>.
    /// </summary>
    /// <typeparam name="T">The data's type.</typeparam>
    /// <param name="values">The events.</param>
    public static IResult ServerSentEvents<T>(IAsyncEnumerable<SseItem<T>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new ServerSentEventsResult<T>(values);
    }

    private static async IAsyncEnumerable<SseItem<T>> AsItems<T>(IAsyncEnumerable<T> values, string? eventType,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var value in values.WithCancellation(cancellationToken).ConfigureAwait(false))
            yield return new SseItem<T>(value, eventType);
    }

    private static int CheckProblemStatus(int statusCode)
    {
        // A problem document reports an error (RFC 9457 §1): 4xx or 5xx.
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return statusCode;
    }

    private static IReadOnlyDictionary<string, object?>? CheckExtensions(IReadOnlyDictionary<string, object?>? extensions)
    {
        if (extensions is null) return null;
        foreach (var name in extensions.Keys)
        {
            if (ProblemDocument.IsReservedName(name))
                throw new ArgumentException($"The extension '{name}' would repeat a member the problem document already has.", nameof(extensions));
        }

        return extensions;
    }

    /// <summary>RFC 9110's section defining the status code, for the 4xx codes validation problems use; about:blank for others.</summary>
    private static string ValidationProblemType(int statusCode) => statusCode switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        _ => ProblemDocument.AboutBlank,
    };

    private static int CheckStatus(int statusCode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 999);
        return statusCode;
    }
}
