using System.Net;
using System.Text;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>The Development-only error page. Everything taken from the exception or the request is HTML-escaped.</summary>
internal static class DeveloperErrorPage
{
    public static string Render(HttpContext context, Exception exception)
    {
        var request = context.Request;
        var html = new StringBuilder(4096);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>500 Internal Server Error</title>\n")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}h1{color:#b00020;font-size:1.4em}")
            .Append("pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.85em}code{background:#f6f6f6;padding:.1em .3em}</style>\n")
            .Append("</head>\n<body>\n<h1>An unhandled exception occurred while processing the request.</h1>\n")
            .Append("<p>Request: <code class=\"request-line\">").Append(Encode(request.Method)).Append(' ').Append(Encode(request.RawTarget))
            .Append(' ').Append(Encode(request.Protocol)).Append("</code> (request id <code>").Append(Encode(context.TraceIdentifier)).Append("</code>)</p>\n")
            .Append("<h2><span class=\"exception-type\">").Append(Encode(exception.GetType().FullName ?? exception.GetType().Name)).Append("</span>: ")
            .Append("<span class=\"exception-message\">").Append(Encode(exception.Message)).Append("</span></h2>\n")
            .Append("<pre class=\"stack-trace\">").Append(Encode(exception.ToString())).Append("</pre>\n")
            .Append("<p>This page is shown because the app runs in the Development environment; other environments get a plain 500 page.</p>\n")
            .Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
