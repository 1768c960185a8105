// Statements in a controller action; `values` is the model the action is filling in.
using MicroWeb;

public sealed class DocsController : Controller
{
    private readonly Dictionary<string, object?> values = [];

    [HttpGet("/docs")]
    public async Task<IResult> Action()
    {
        /*snippet*/
        await Task.CompletedTask;
        return View("docs.html", values);
    }
}
