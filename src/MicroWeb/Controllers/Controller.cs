using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// An optional base class for controllers: access to the request, response, route values and ModelState,
/// and helpers that create results. A controller is created per request, through the request's DI scope,
/// so constructor parameters are injected.
/// </summary>
/// <example>
/// <code>
/// [Route("/users")]
/// public sealed class UsersController(IUserStore users) : Controller
/// {
///     [HttpGet("{id:int}")]
///     public IResult Show(int id) => users.Find(id) is { } user ? Json(user) : NotFound();
/// }
/// </code>
/// </example>
public abstract class Controller
{
    private BindingContext? _binding;

    /// <summary>The current request's context.</summary>
    /// <exception cref="InvalidOperationException">Read outside an action (in the constructor, say).</exception>
    public HttpContext HttpContext => Binding.HttpContext;

    /// <summary>The current request.</summary>
    public HttpRequest Request => HttpContext.Request;

    /// <summary>The current response.</summary>
    public HttpResponse Response => HttpContext.Response;

    /// <summary>The user the request was made by (<see cref="User.Anonymous"/> unless signed in); see <c>app.UseAuthentication()</c>.</summary>
    public User User => HttpContext.GetUser();

    /// <summary>The values the matched route captured from the path.</summary>
    public RouteValues RouteValues => Binding.RouteValues;

    /// <summary>
    /// The validation errors of the bound parameters (DataAnnotations such as <c>[Required]</c>,
    /// <c>[StringLength]</c>, <c>[Range]</c>, <c>[EmailAddress]</c>). They do not stop the action: check
    /// <see cref="ModelStateDictionary.IsValid"/> and, say, show the form again.
    /// </summary>
    public ModelStateDictionary ModelState => Binding.ModelState;

    private BindingContext Binding =>
        _binding ?? throw new InvalidOperationException("The request is only available to a controller while one of its actions runs, not in its constructor.");

    /// <summary>View <paramref name="name"/> rendered with <paramref name="model"/>; see <see cref="Results.View(string, object?, int)"/>.</summary>
    /// <param name="name">The view's name, e.g. <c>messages.html</c>.</param>
    /// <param name="model">The data the view shows.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    protected ViewResult View(string name, object? model = null, int statusCode = 200) => Results.View(name, model, statusCode);

    /// <summary>A compiled view (a <c>[Template]</c> class); see <see cref="Results.View(ICompiledView, int)"/>.</summary>
    /// <param name="view">The view, with its data.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    protected ViewResult View(ICompiledView view, int statusCode = 200) => Results.View(view, statusCode);

    /// <summary>Plain text; see <see cref="Results.Text"/>.</summary>
    /// <param name="content">The text.</param>
    /// <param name="contentType">The Content-Type, <c>text/plain; charset=utf-8</c> unless given.</param>
    protected IResult Text(string content, string? contentType = null) => Results.Text(content, contentType);

    /// <summary>HTML as it is (escape what came from users); see <see cref="Results.Html"/>.</summary>
    /// <param name="html">The markup.</param>
    protected IResult Html(string html) => Results.Html(html);

    /// <summary>JSON; see <see cref="Results.Json"/>.</summary>
    /// <param name="value">The value to serialize.</param>
    /// <param name="statusCode">The status code, 200 unless given.</param>
    protected IResult Json(object? value, int statusCode = 200) => Results.Json(value, statusCode);

    /// <summary>A redirect to a local URL; see <see cref="Results.Redirect"/> (other URLs throw).</summary>
    /// <param name="url">A path on this site, e.g. <c>/messages</c>.</param>
    /// <param name="permanent">True for 301 instead of 302.</param>
    protected IResult Redirect(string url, bool permanent = false) => Results.Redirect(url, permanent);

    /// <summary>A redirect to any URL; see <see cref="Results.RedirectExternal"/>.</summary>
    /// <param name="url">The target; never an unchecked URL from the request.</param>
    /// <param name="permanent">True for 301 instead of 302.</param>
    protected IResult RedirectExternal(string url, bool permanent = false) => Results.RedirectExternal(url, permanent);

    /// <summary>404 Not Found.</summary>
    protected IResult NotFound() => Results.NotFound();

    /// <summary>400 Bad Request, with an optional plain-text reason.</summary>
    /// <param name="message">A short reason shown to the client.</param>
    protected IResult BadRequest(string? message = null) => Results.BadRequest(message);

    /// <summary>The status code with an empty body.</summary>
    /// <param name="statusCode">200 to 999.</param>
    protected IResult StatusCode(int statusCode) => Results.StatusCode(statusCode);

    /// <summary>204 No Content.</summary>
    protected IResult NoContent() => Results.NoContent();

    /// <summary>An RFC 9457 problem document with the request's trace id; see <see cref="Results.Problem"/>.</summary>
    /// <param name="detail">What went wrong this time, for the client.</param>
    /// <param name="statusCode">The status code, 500 unless given.</param>
    /// <param name="title">A short summary; null for the status's reason phrase.</param>
    /// <param name="type">A URI naming the problem type; null for <c>about:blank</c>.</param>
    /// <param name="instance">A URI naming this occurrence, or null.</param>
    /// <param name="extensions">More members, serialized with the app's JSON options.</param>
    protected IResult Problem(string? detail = null, int? statusCode = null, string? title = null, string? type = null,
        string? instance = null, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Results.Problem(detail, statusCode, title, type, instance, extensions);

    /// <summary>
    /// A validation problem listing the messages of <paramref name="modelState"/> (this request's
    /// <see cref="ModelState"/> when null) by field in its <c>errors</c> member; see <see cref="Results.ValidationProblem"/>.
    /// </summary>
    /// <param name="modelState">The errors; null for <see cref="ModelState"/>.</param>
    /// <param name="detail">An explanation, or null.</param>
    /// <param name="statusCode">The status code, 400 unless given (422 suits content that parsed but is not valid).</param>
    protected IResult ValidationProblem(ModelStateDictionary? modelState = null, string? detail = null, int? statusCode = null) =>
        Results.ValidationProblem(modelState ?? ModelState, detail, statusCode);

    /// <summary>The file at <paramref name="path"/>, served like a static file (validators, 304, ranges); see <see cref="Results.File(string, string?, string?)"/>.</summary>
    /// <param name="path">Absolute, or relative to the content root.</param>
    /// <param name="contentType">The Content-Type; by default from the file's extension (the static-file content types).</param>
    /// <param name="downloadName">When given, the browser saves the file under this name.</param>
    protected IResult File(string path, string? contentType = null, string? downloadName = null) => Results.File(path, contentType, downloadName);

    /// <summary>The bytes as a file; see <see cref="Results.File(byte[], string, string?)"/>.</summary>
    /// <param name="contents">The content.</param>
    /// <param name="contentType">The Content-Type.</param>
    /// <param name="downloadName">When given, the browser saves the file under this name.</param>
    protected IResult File(byte[] contents, string contentType, string? downloadName = null) => Results.File(contents, contentType, downloadName);

    /// <summary>The stream as a file (disposed afterwards); see <see cref="Results.File(Stream, string, string?)"/>.</summary>
    /// <param name="stream">The content.</param>
    /// <param name="contentType">The Content-Type.</param>
    /// <param name="downloadName">When given, the browser saves the file under this name.</param>
    protected IResult File(Stream stream, string contentType, string? downloadName = null) => Results.File(stream, contentType, downloadName);

    internal void Initialize(BindingContext? binding) => _binding = binding;
}
