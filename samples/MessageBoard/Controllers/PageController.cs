using System.Globalization;
using MessageBoard.Data;
using MicroWeb;

namespace MessageBoard.Controllers;

/// <summary>
/// Shared view-model plumbing: every page gets the signed-in user, the flash message, the CSRF field and the path base
/// (the prefix a proxy mounts the board under, from X-Forwarded-Prefix; templates put it in front of every link).
/// </summary>
public abstract class PageController : Controller
{
    public const int PageSize = 20;

    /// <summary>The signed-in user's id, or null.</summary>
    protected long? CurrentUserId =>
        User.IsAuthenticated && long.TryParse(User.UserId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) ? id : null;

    protected string? CurrentUserName => User.IsAuthenticated && User.Claims.TryGetValue("name", out string? name) ? name : null;

    /// <summary>Renders <paramref name="view"/> inside the layout with <paramref name="values"/> plus the common keys.</summary>
    protected ViewResult Page(string view, string title, Dictionary<string, object?> values, int statusCode = 200)
    {
        values["title"] = title;
        values["currentUser"] = CurrentUserName;
        values["flash"] = HttpContext.TakeFlash();
        values["csrf"] = HttpContext.AntiforgeryField();
        values["pathBase"] = Request.PathBase;
        return View(view, values, statusCode);
    }

    protected Dictionary<string, object?> ToView(Message message) => ToView(message, CurrentUserId, Request.PathBase);

    /// <summary>What templates/partials/message.html shows of <paramref name="message"/> to the viewer <paramref name="viewerId"/>.</summary>
    protected static Dictionary<string, object?> ToView(Message message, long? viewerId, string pathBase) => new()
    {
        ["id"] = message.Id,
        ["author"] = message.Author,
        ["authorUrl"] = pathBase + "/users/" + Uri.EscapeDataString(message.Author),
        ["text"] = message.Text,
        ["iso"] = message.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        ["time"] = message.CreatedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["mine"] = message.UserId == viewerId,
    };

    protected static int TotalPages(int total) => Math.Max(1, (total + PageSize - 1) / PageSize);

    /// <summary>The pager of the list at <paramref name="path"/>, a path below the path base.</summary>
    /// <remarks>A dictionary, as every view model here: the runtime template engine reads it without reflection (Native AOT).</remarks>
    protected Dictionary<string, object?> Pager(string path, int page, int totalPages)
    {
        string basePath = Request.PathBase + path;
        return new()
        {
            ["page"] = page,
            ["totalPages"] = totalPages,
            ["showPager"] = totalPages > 1,
            ["hasPrevious"] = page > 1,
            ["previousUrl"] = page - 1 == 1 ? basePath : $"{basePath}?page={page - 1}",
            ["hasNext"] = page < totalPages,
            ["nextUrl"] = $"{basePath}?page={page + 1}",
        };
    }
}
