using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.HttpResults;

/// <summary>
/// What the result kinds (and JSON body binding) need from the services, resolved once when the app's server
/// is created and reached from every context through <see cref="HttpContext.Application"/>: rendering a view
/// or writing JSON asks no service provider and opens no request scope.
/// </summary>
internal sealed class ResultServices
{
    private readonly CancellationTokenSource _stopping = new();

    /// <param name="viewRenderer">The singleton view renderer, or null when none is registered or it is not a singleton.</param>
    /// <param name="viewRendererPerRequest">The renderer is registered with a shorter lifetime: views resolve it from the request scope, as they always did.</param>
    /// <param name="json">The app's JSON settings.</param>
    /// <param name="contentRootPath">What relative file paths are relative to.</param>
    /// <param name="serverSentEvents">The event-stream settings.</param>
    public ResultServices(IViewRenderer? viewRenderer, bool viewRendererPerRequest, JsonSerializerOptions json, string contentRootPath, ServerSentEventsOptions serverSentEvents)
    {
        ViewRenderer = viewRenderer;
        ViewRendererPerRequest = viewRendererPerRequest;
        Json = json;
        ContentRootPath = contentRootPath;
        ServerSentEvents = serverSentEvents;
    }

    public IViewRenderer? ViewRenderer { get; }

    public bool ViewRendererPerRequest { get; }

    public JsonSerializerOptions Json { get; }

    public string ContentRootPath { get; }

    public ServerSentEventsOptions ServerSentEvents { get; }

    /// <summary>
    /// Fires when the app begins its graceful stop: open-ended responses (event streams) end, so their connections
    /// close and the server need not wait out its shutdown timeout for them.
    /// </summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Fires <see cref="Stopping"/>; called once, by the app, before the server stops.</summary>
    public void SignalStopping() => _stopping.Cancel();

    /// <summary>The app's holder; for a context built outside an app (unit tests), one resolved from its root provider now.</summary>
    public static ResultServices Of(HttpContext context) =>
        context.Application.Results as ResultServices ?? Resolve(context.ApplicationServices, viewRendererIsSingleton: true, Directory.GetCurrentDirectory());

    /// <summary>Resolves from the root provider; a renderer that is not a singleton is left to the request scope.</summary>
    public static ResultServices Resolve(IServiceProvider services, bool viewRendererIsSingleton, string contentRootPath) => new(
        viewRendererIsSingleton ? services.GetService<IViewRenderer>() : null,
        !viewRendererIsSingleton,
        JsonOptions.Resolve(services),
        contentRootPath,
        ServerSentEventsOptions.Resolve(services));
}
