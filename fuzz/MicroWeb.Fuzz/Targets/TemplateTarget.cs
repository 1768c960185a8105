using System.Text;
using MicroWeb.Templates;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="Template.Parse(string)"/> and <see cref="Template.Render(object?, Func{string, string?}?)"/> over arbitrary
/// sources. Contract: a syntax error throws <see cref="TemplateException"/> and nothing else; rendering a parsed template
/// against a small model, with every partial and parent resolving to the template itself (so recursion is explored),
/// either succeeds or throws <see cref="TemplateException"/> (a partial's syntax error, or nesting too deep).
/// </summary>
public static class TemplateTarget
{
    private static readonly Dictionary<string, object?> Model = new()
    {
        ["name"] = "<ada & bob>",
        ["items"] = new[] { new Dictionary<string, object?> { ["x"] = 1 }, new Dictionary<string, object?> { ["x"] = "two" } },
        ["flag"] = true,
        ["empty"] = Array.Empty<object>(),
        ["nothing"] = null,
    };

    public static void Run(byte[] input)
    {
        var source = Encoding.UTF8.GetString(input);
        try
        {
            var template = Template.Parse(source, "fuzz.html");
            template.Render(Model, _ => source);
        }
        catch (TemplateException)
        {
            // The documented failure: the message names the template, the line and the column.
        }
    }
}
