using MessageBoard.Data;
using MicroWeb;

namespace MessageBoard.Controllers;

public sealed class UsersController(IUserStore users, IMessageStore messages) : PageController
{
    [HttpGet("/users/{name}")]
    public async Task<IResult> Show(string name, int page = 1)
    {
        if (page < 1 || name.Length > 20 || await users.FindByNameAsync(name) is not { } user) return NotFound();
        var result = await messages.ListByUserAsync(user.Id, (page - 1) * PageSize, PageSize);
        int totalPages = TotalPages(result.Total);
        if (page > totalPages) return NotFound();
        return Page("user.html", user.Name, new()
        {
            ["name"] = user.Name,
            ["count"] = result.Total == 1 ? "1 message" : $"{result.Total} messages",
            ["messages"] = result.Messages.Select(ToView).ToList(),
            ["pager"] = Pager("/users/" + Uri.EscapeDataString(user.Name), page, totalPages),
        });
    }
}
