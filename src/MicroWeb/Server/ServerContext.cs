using Microsoft.Extensions.Logging;
using MicroWeb.Http;

namespace MicroWeb.Server;

/// <summary>What every connection of one server shares: options, the application, logging and the clock.</summary>
internal sealed class ServerContext(ServerOptions options, RequestDelegate application, IServiceProvider services, ILogger logger, DateHeader date, ApplicationValues? values = null, ServerMetrics? metrics = null)
{
    public ServerOptions Options { get; } = options;

    public RequestDelegate Application { get; } = application;

    public IServiceProvider Services { get; } = services;

    /// <summary>What the app resolved at startup, shared by every connection's context.</summary>
    public ApplicationValues Values { get; } = values ?? ApplicationValues.Resolve(services);

    public ILogger Logger { get; } = logger;

    public DateHeader Date { get; } = date;

    /// <summary>The server's instruments; measure nothing unless something listens.</summary>
    public ServerMetrics Metrics { get; } = metrics ?? new ServerMetrics();

    /// <summary>Set once a graceful shutdown begins: connections finish their current request and close.</summary>
    public volatile bool IsStopping;

    /// <summary>Connections upgraded (WebSockets) and not yet closed, counted against <see cref="ServerOptions.MaxConcurrentUpgradedConnections"/>.</summary>
    public long UpgradedConnections;
}
