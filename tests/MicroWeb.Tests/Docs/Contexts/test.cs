// Statements in an NUnit test; the fields are what the test's setup made (a host, its client, a form, ids and keys).
using MicroWeb;
using MicroWeb.Testing;
using NUnit.Framework;

public sealed class DocsTests
{
    private readonly MicroWebTestHost host = null!;
    private readonly HttpClient client = new();
    private readonly HttpContent form = new FormUrlEncodedContent([]);
    private readonly string userId = "1", key = "", newKey = "", databasePath = "";

    [Test]
    public async Task Snippet()
    {
        /*snippet*/
        await Task.CompletedTask;
    }
}
