// Members of a controller; `messages` is what the action would have loaded.
using MicroWeb;

public sealed class DocsController : Controller
{
    private readonly IReadOnlyList<Message> messages = [];

    /*snippet*/
}
