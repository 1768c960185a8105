using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Support;

internal static class TestHostExtensions
{
    /// <summary>Replaces the app's log providers with one that records every entry from Debug up.</summary>
    public static MicroWebTestHost CaptureLogs(this MicroWebTestHost host, out ListLoggerProvider logs)
    {
        var provider = new ListLoggerProvider();
        logs = provider;
        return host.ConfigureServices(services => services.AddLogging(logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(provider);
            logging.SetMinimumLevel(LogLevel.Debug);
        }));
    }
}
