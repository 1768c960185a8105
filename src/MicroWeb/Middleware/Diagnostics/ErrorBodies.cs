using System.Collections.Frozen;
using System.Text;
using MicroWeb.Http;

namespace MicroWeb.Middleware.Diagnostics;

/// <summary>
/// The built-in bodies of one error status, made once: a small self-contained HTML page (no external resources, no
/// script), the text line <c>404 Not Found</c>, and the constant parts of an <c>application/problem+json</c> body
/// around its trace id.
/// </summary>
internal sealed class ErrorBodies
{
    // Inline, so the page needs nothing else from a server that is failing; light and dark.
    private const string Style = "body{margin:0;min-height:100vh;display:grid;place-items:center;font:16px/1.5 system-ui,sans-serif;color:#222;background:#f7f7f7}main{max-width:32rem;padding:2rem}h1{margin:0 0 .5rem;font-size:1.5rem}p{margin:0;color:#555}@media (prefers-color-scheme:dark){body{color:#eee;background:#181818}p{color:#aaa}}";

    private static readonly FrozenDictionary<int, string> s_messages = new Dictionary<int, string>
    {
        [400] = "The server could not understand the request.",
        [401] = "You need to sign in to see this page.",
        [403] = "You do not have permission to see this page.",
        [404] = "There is nothing at this address.",
        [405] = "This address does not accept that kind of request.",
        [406] = "The server cannot answer in a format the client accepts.",
        [408] = "The request took too long to arrive.",
        [409] = "The request conflicts with the current state of what it changes.",
        [410] = "What was here has been removed for good.",
        [413] = "The request is larger than the server accepts.",
        [414] = "The address is longer than the server accepts.",
        [415] = "The server does not accept content of that type.",
        [422] = "The request was understood but its content could not be processed.",
        [429] = "Too many requests arrived in a short time; please wait a moment and try again.",
        [431] = "The request's header fields are larger than the server accepts.",
        [500] = "Something went wrong on the server.",
        [501] = "The server does not support this request.",
        [502] = "The server received an invalid answer from the server behind it.",
        [503] = "The server cannot handle the request right now; please try again later.",
        [504] = "The server behind this one did not answer in time.",
    }.ToFrozenDictionary();

    // After the messages: static fields initialise in order, and each page reads its message.
    private static readonly FrozenDictionary<int, ErrorBodies> s_registered = ReasonPhrases.All.Keys
        .Where(code => code is >= 400 and <= 599)
        .ToFrozenDictionary(code => code, code => new ErrorBodies(code));

    private ErrorBodies(int statusCode)
    {
        StatusCode = statusCode;
        ReasonPhrase = ReasonPhrases.Get(statusCode);
        Title = ReasonPhrase.Length == 0 ? statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{statusCode} {ReasonPhrase}";
        Message = MessageFor(statusCode);
        // The format UseStatusCodePages always had ("{0} {1}"), so a code without a phrase still reads "418 ".
        Text = Encoding.UTF8.GetBytes($"{statusCode} {ReasonPhrase}");
        // Reason phrases and messages are fixed ASCII text without markup characters: nothing to escape.
        Html = Encoding.UTF8.GetBytes($$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{Title}}</title>
            <style>{{Style}}</style>
            </head>
            <body>
            <main>
            <h1>{{Title}}</h1>
            <p>{{Message}}</p>
            </main>
            </body>
            </html>

            """);
        // RFC 9457 §4.2.1: "about:blank" says the problem is just the status code, and the title is then its phrase.
        var problemTitle = ReasonPhrase.Length == 0 ? Title : ReasonPhrase;
        ProblemPrefix = Encoding.UTF8.GetBytes($"{{\"type\":\"about:blank\",\"title\":\"{problemTitle}\",\"status\":{statusCode},\"traceId\":\"");
    }

    public int StatusCode { get; }

    /// <summary>The IANA reason phrase, or empty for an unregistered code.</summary>
    public string ReasonPhrase { get; }

    /// <summary><c>404 Not Found</c>, or just the code when it has no phrase.</summary>
    public string Title { get; }

    /// <summary>One sentence saying what the status means to the person who got it.</summary>
    public string Message { get; }

    /// <summary>The <c>text/plain</c> body: <c>404 Not Found</c>.</summary>
    public byte[] Text { get; }

    /// <summary>The <c>text/html</c> page.</summary>
    public byte[] Html { get; }

    /// <summary>The problem+json body up to the opening quote of the trace id's value.</summary>
    public byte[] ProblemPrefix { get; }

    /// <summary>What ends the problem+json body after the trace id.</summary>
    public static ReadOnlySpan<byte> ProblemSuffix => "\"}"u8;

    /// <summary>The bodies for <paramref name="statusCode"/>: made at startup for registered codes, on demand for others (a 499, a 599).</summary>
    public static ErrorBodies For(int statusCode) => s_registered.TryGetValue(statusCode, out var bodies) ? bodies : new ErrorBodies(statusCode);

    private static string MessageFor(int statusCode) => s_messages.TryGetValue(statusCode, out var message) ? message
        : statusCode < 500 ? "The request could not be completed." : "The server could not complete the request.";
}
