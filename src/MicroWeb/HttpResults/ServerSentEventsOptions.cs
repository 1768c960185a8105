using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb;

/// <summary>
/// Settings for <see cref="Results.ServerSentEvents(IAsyncEnumerable{string}, string?)"/> and its overloads. Register
/// an instance in the services to change them (<c>builder.Services.AddSingleton(new ServerSentEventsOptions { … })</c>);
/// otherwise the defaults apply.
/// </summary>
public sealed class ServerSentEventsOptions
{
    private static readonly ServerSentEventsOptions s_default = new();

    /// <summary>
    /// How long a stream may stay silent before a comment line (<c>: </c> and a blank line) is sent, so that proxies and
    /// load balancers that close idle connections (nginx's <c>proxy_read_timeout</c> and most cloud balancers: 60 s)
    /// keep the stream open. Browsers ignore comments. Default 15 s; <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> sends none.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The registered options (a singleton from the root provider), or the defaults.</summary>
    internal static ServerSentEventsOptions Resolve(IServiceProvider services) => services.GetService<ServerSentEventsOptions>() ?? s_default;
}
