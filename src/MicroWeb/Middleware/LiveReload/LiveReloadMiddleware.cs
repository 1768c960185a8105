using System.Net;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MicroWeb.Configuration;
using MicroWeb.Http;

namespace MicroWeb.Middleware.LiveReload;

/// <summary>
/// Development's live reload, put by the hosting layer right around the endpoints (inside the app's middleware, so
/// its output filter sees a page before compression does). It serves the script (<see cref="LiveReloadScript"/>)
/// and the event stream, and gives other responses a <see cref="LiveReloadOutput"/> that adds the script tag to
/// HTML pages. Outside Development nothing of it is installed; in Development <c>Development:LiveReload=false</c>
/// turns it off.
/// </summary>
internal sealed class LiveReloadMiddleware
{
    /// <summary>The configuration key that turns live reload off in Development.</summary>
    public const string ConfigurationKey = "Development:LiveReload";

    private static readonly byte[] s_defaultTag = Tag("");

    private readonly RequestDelegate _next;
    private readonly ContentChangeWatcher _watcher;
    private readonly byte[] _hello;

    private LiveReloadMiddleware(RequestDelegate next, ContentChangeWatcher watcher)
    {
        _next = next;
        _watcher = watcher;
        // retry: how soon EventSource reconnects after the stream ends (a restart); hello: this server start's id.
        _hello = Encoding.UTF8.GetBytes($"retry: 1000\nevent: hello\ndata: {Guid.NewGuid():N}\n\n");
    }

    /// <summary>
    /// <paramref name="next"/> with live reload around it, or <paramref name="next"/> itself when the configuration
    /// turns it off. The watcher lives as long as the services; <paramref name="stopping"/> ends the event streams.
    /// </summary>
    public static RequestDelegate Create(IServiceProvider services, RequestDelegate next, CancellationToken stopping)
    {
        var configuration = services.GetService<IConfiguration>();
        if (configuration?[ConfigurationKey] is { Length: > 0 } value && !ConfigurationValues.ParseBoolean(ConfigurationKey, value))
            return next;
        var root = services.GetService<MicroWebEnvironment>()?.ContentRootPath ?? Directory.GetCurrentDirectory();
        var templates = configuration?["Templates:Root"] is { Length: > 0 } templateRoot ? templateRoot : "templates";
        var staticFolder = Path.Combine(root, "static");
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger("MicroWeb.LiveReload");
        var watcher = new ContentChangeWatcher([Path.Combine(root, templates), staticFolder],
            [staticFolder + Path.DirectorySeparatorChar], new StaticFileOptions().FileCheckInterval, logger);
        // Stopping ends the streams and releases the watchers (each holds an inotify instance): no page reloads now.
        stopping.Register(watcher.Dispose);
        logger?.LogDebug("Live reload watches {Folders}", string.Join(", ", watcher.Folders));
        return new LiveReloadMiddleware(next, watcher).InvokeAsync;
    }

    private Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method is HttpMethods.Get or HttpMethods.Head)
        {
            if (request.Path == LiveReloadScript.ScriptPath) return WriteScriptAsync(context);
            if (request.Path == LiveReloadScript.EventsPath) return StreamAsync(context);
        }
        if (HttpMethods.IsHead(request.Method)) return _next(context);
        return FilterAsync(context);
    }

    private async Task FilterAsync(HttpContext context)
    {
        var response = context.Response;
        var previous = response.Output;
        var output = new LiveReloadOutput(response, previous,
            context.Request.PathBase.Length == 0 ? s_defaultTag : Tag(context.Request.PathBase));
        response.Output = output;
        try
        {
            await _next(context).ConfigureAwait(false);
            output.Complete();
        }
        finally
        {
            response.Output = previous;
        }
    }

    private static Task WriteScriptAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = LiveReloadScript.ContentType;
        response.Headers["Cache-Control"] = "no-cache";
        response.ContentLength = LiveReloadScript.Bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.WriteAsync(LiveReloadScript.Bytes, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// The event stream (HTML Living Standard §9.2, Server-sent events): <c>hello</c> with the server's id, then
    /// <c>reload</c> or <c>css</c> (data: the stylesheet's file name) per change, until the client leaves or the app stops.
    /// </summary>
    private async Task StreamAsync(HttpContext context)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers["Cache-Control"] = "no-cache";
        if (HttpMethods.IsHead(context.Request.Method)) return;
        var aborted = context.RequestAborted;
        // Subscribed before hello goes out, so a change made once the page has seen hello reaches it.
        var channel = _watcher.Subscribe();
        try
        {
            await response.WriteAsync(_hello, aborted).ConfigureAwait(false);
            await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            // Null while stopping: the stream ends at once, and EventSource tries again after the retry delay.
            if (channel is null) return;
            await foreach (var change in channel.Reader.ReadAllAsync(aborted).ConfigureAwait(false))
            {
                var message = change.Kind == ContentChangeKind.Stylesheet ? $"event: css\ndata: {change.File}\n\n" : "event: reload\ndata: page\n\n";
                await response.WriteAsync(message, aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page went away.
        }
        finally
        {
            if (channel is not null) _watcher.Unsubscribe(channel);
        }
    }

    /// <summary>The script tag; the path base comes from configuration or X-Forwarded-Prefix, so it is escaped.</summary>
    private static byte[] Tag(string pathBase) =>
        Encoding.UTF8.GetBytes($"<script src=\"{WebUtility.HtmlEncode(pathBase + LiveReloadScript.ScriptPath)}\"></script>\n");
}
