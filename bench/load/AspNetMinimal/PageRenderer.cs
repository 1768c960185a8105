using System.Text;
using System.Text.Encodings.Web;
using LoadBench;

/// <summary>
/// /page for the minimal API: the same HTML as MicroWeb's templates/layout.html + page.html, written by hand into a
/// StringBuilder with <see cref="HtmlEncoder.Default"/> (what Razor escapes with). Hand-written code is the cheapest way
/// ASP.NET Core can produce this page, so it is a demanding baseline for a template engine.
/// </summary>
internal static class PageRenderer
{
    public static string Render(PageModel model)
    {
        var html = new StringBuilder(4096);
        var writer = new StringWriter(html);
        var encoder = HtmlEncoder.Default;

        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        encoder.Encode(writer, model.Title);
        html.Append(" - ");
        encoder.Encode(writer, model.SiteName);
        html.Append("</title>\n<link rel=\"stylesheet\" href=\"/static/site.css\">\n</head>\n<body>\n<header><strong>");
        encoder.Encode(writer, model.SiteName);
        html.Append("</strong> <span>");
        encoder.Encode(writer, model.Tagline);
        html.Append("</span> <span>Signed in as ");
        encoder.Encode(writer, model.UserName);
        html.Append(" (");
        encoder.Encode(writer, model.UserEmail);
        html.Append(")</span></header>\n<main>\n<h1>");
        encoder.Encode(writer, model.Heading);
        html.Append("</h1>\n<p>");
        encoder.Encode(writer, model.Intro);
        html.Append("</p>\n<p>").Append(model.ItemCount).Append(" items</p>\n<table>\n")
            .Append("<tr><th>#</th><th>Name</th><th>Description</th><th>Price</th><th>Stock</th></tr>\n");
        foreach (var item in model.Items)
        {
            html.Append("<tr><td>").Append(item.Id).Append("</td><td>");
            encoder.Encode(writer, item.Name);
            html.Append("</td><td>");
            encoder.Encode(writer, item.Description);
            html.Append("</td><td>");
            encoder.Encode(writer, item.Price);
            html.Append("</td><td>").Append(item.InStock ? "in stock" : "sold out").Append("</td></tr>\n");
        }

        html.Append("</table>\n</main>\n<footer>");
        encoder.Encode(writer, model.Footer);
        html.Append(" Generated ");
        encoder.Encode(writer, model.Generated);
        html.Append(".</footer>\n</body>\n</html>\n");
        return html.ToString();
    }
}
