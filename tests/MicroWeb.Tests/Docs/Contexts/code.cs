// Statements in a method of the reader's code; the fields are the names the prose around the snippet talks about.
using MicroWeb.Templates;

public sealed class DocsCode
{
    private readonly string source = "", headerSource = "", contentRootPath = ".";
    private readonly object model = new();
    private readonly object[] messages = [];
    private readonly TextWriter textWriter = TextWriter.Null;
    private readonly bool isDevelopment = true;

    public async Task Run()
    {
        /*snippet*/
        await Task.CompletedTask;
    }
}
