using Microsoft.Extensions.Logging;
using MicroWeb.Http;

namespace MicroWeb.Server;

/// <summary>What every connection of one server shares: options, the application, logging and the clock.</summary>
internal sealed class ServerContext(ServerOptions options, RequestDelegate application, IServiceProvider services, ILogger logger, DateHeader date, ApplicationValues? values = null)
{
    public ServerOptions Options { get; } = options;

    public RequestDelegate Application { get; } = application;

    public IServiceProvider Services { get; } = services;

    /// <summary>What the app resolved at startup, shared by every connection's context.</summary>
    public ApplicationValues Values { get; } = values ?? ApplicationValues.Resolve(services);

    public ILogger Logger { get; } = logger;

    public DateHeader Date { get; } = date;

    /// <summary>Set once a graceful shutdown begins: connections finish their current request and close.</summary>
    public volatile bool IsStopping;
}
