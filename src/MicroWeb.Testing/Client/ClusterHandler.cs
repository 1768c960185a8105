using System.Globalization;
using System.Runtime.CompilerServices;

namespace MicroWeb.Testing;

/// <summary>
/// The load balancer of a <see cref="MicroWebTestCluster"/> client: sends each request to the next running
/// instance (or always to one), over that instance's own pooled in-memory connections, and marks the
/// response with the instance that served it.
/// </summary>
internal sealed class ClusterHandler(MicroWebTestCluster cluster, int? instance) : HttpMessageHandler
{
    // One transport per instance host: a restarted instance gets fresh connections, a dead one's pool goes with it.
    private readonly ConditionalWeakTable<MicroWebTestHost, HttpMessageInvoker> _transports = [];
    private readonly List<HttpMessageInvoker> _created = [];
    private readonly Lock _lock = new();
    private int _next = -1;
    private bool _disposed;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        int index;
        MicroWebTestHost? host;
        if (instance is { } fixedIndex)
        {
            index = fixedIndex;
            host = cluster.Host(fixedIndex) ?? throw new HttpRequestException($"Instance {fixedIndex} of the test cluster is not running.");
        }
        else
        {
            var start = (int)((uint)Interlocked.Increment(ref _next) % (uint)cluster.Count);
            (index, host) = cluster.NextRunning(start) ?? throw new HttpRequestException("No instance of the test cluster is running.");
        }

        HttpResponseMessage response;
        try
        {
            response = await Transport(host).SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException e)
        {
            // The instance was killed between choosing it and connecting: a refused connection.
            throw new HttpRequestException($"Instance {index} of the test cluster stopped.", e);
        }
        response.Headers.TryAddWithoutValidation(MicroWebTestCluster.InstanceHeader, index.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private HttpMessageInvoker Transport(MicroWebTestHost host)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_transports.TryGetValue(host, out var transport))
            {
                transport = new HttpMessageInvoker(new TestHostHandler(host.Connect), disposeHandler: true);
                _transports.Add(host, transport);
                _created.Add(transport);
            }
            return transport;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            HttpMessageInvoker[] transports;
            lock (_lock)
            {
                _disposed = true;
                transports = [.. _created];
                _created.Clear();
            }
            foreach (var transport in transports) transport.Dispose();
        }
        base.Dispose(disposing);
    }
}
