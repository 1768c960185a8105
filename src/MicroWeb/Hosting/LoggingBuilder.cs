using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Hosting;

/// <summary>The <see cref="ILoggingBuilder"/> behind <see cref="MicroWebAppBuilder.Logging"/>.</summary>
internal sealed class LoggingBuilder(IServiceCollection services) : ILoggingBuilder
{
    public IServiceCollection Services { get; } = services;
}
