using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MicroWeb;
using MicroWeb.Server;

namespace MicroWeb.Benchmarks.Server;

/// <summary>
/// A whole request through the real connection (parse → app → response) over an in-memory transport:
/// what one keep-alive plaintext request costs the server, without the socket.
/// </summary>
[MemoryDiagnoser]
public class ConnectionBenchmarks
{
    private static readonly byte[] s_request = Encoding.ASCII.GetBytes("GET /plaintext HTTP/1.1\r\nHost: localhost:8080\r\nAccept: text/plain\r\nConnection: keep-alive\r\n\r\n");
    private static readonly byte[] s_pipelined = [.. Enumerable.Repeat(s_request, 16).SelectMany(r => r)];
    private static readonly byte[] s_body = "Hello, World!"u8.ToArray();

    /// <summary>What listens: nothing (the budget: under 16 B a request), a MeterListener on every instrument, or that and an ActivityListener recording every request.</summary>
    public enum Listening { None, Metrics, MetricsAndTracing }

    [Params(Listening.None, Listening.Metrics, Listening.MetricsAndTracing)]
    public Listening Telemetry { get; set; }

    private MeterListener? _meterListener;
    private ActivityListener? _activityListener;
    private PipeTransport _transport = null!;
    private Task _connection = null!;
    private int _responseLength;

    [GlobalSetup]
    public void Setup()
    {
        if (Telemetry != Listening.None)
        {
            _meterListener = new MeterListener
            {
                InstrumentPublished = static (instrument, listener) =>
                {
                    if (instrument.Meter.Name == MicroWebDiagnostics.MeterName) listener.EnableMeasurementEvents(instrument);
                },
            };
            _meterListener.SetMeasurementEventCallback<double>(static (_, _, _, _) => { });
            _meterListener.SetMeasurementEventCallback<long>(static (_, _, _, _) => { });
            _meterListener.Start();
        }
        if (Telemetry == Listening.MetricsAndTracing)
        {
            _activityListener = new ActivityListener
            {
                ShouldListenTo = static source => source.Name == MicroWebDiagnostics.ActivitySourceName,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(_activityListener);
        }
        var services = new ServiceCollection().BuildServiceProvider();
        var context = new ServerContext(new ServerOptions(), Plaintext, services, NullLogger.Instance, new DateHeader(TimeProvider.System));
        _transport = new PipeTransport();
        _connection = new HttpConnection(1, _transport, context).RunAsync();
        _responseLength = RoundTrip(s_request, 1, measure: true);
    }

    private static Task Plaintext(HttpContext context)
    {
        context.Response.ContentType = "text/plain";
        context.Response.Body.Write(s_body);
        return Task.CompletedTask;
    }

    [Benchmark]
    public int PlaintextKeepAlive() => RoundTrip(s_request, 1, measure: false);

    [Benchmark(OperationsPerInvoke = 16)]
    public int PlaintextPipelined16() => RoundTrip(s_pipelined, 16, measure: false);

    [GlobalCleanup]
    public void Cleanup()
    {
        _transport.ClientOutput.Complete();
        _connection.GetAwaiter().GetResult();
        _meterListener?.Dispose();
        _activityListener?.Dispose();
    }

    private int RoundTrip(byte[] requests, int count, bool measure)
    {
        _transport.ClientOutput.Write(requests);
        _transport.ClientOutput.FlushAsync().AsTask().GetAwaiter().GetResult();
        var reader = _transport.ClientInput;
        long expected = measure ? 0 : (long)_responseLength * count;
        while (true)
        {
            var result = reader.ReadAsync().AsTask().GetAwaiter().GetResult();
            var buffer = result.Buffer;
            if (measure)
            {
                // The first response tells how long each one is (the Date header has a fixed length).
                var text = Encoding.ASCII.GetString(buffer.ToArray());
                if (text.EndsWith("Hello, World!", StringComparison.Ordinal))
                {
                    reader.AdvanceTo(buffer.End);
                    return (int)buffer.Length;
                }
            }
            else if (buffer.Length >= expected)
            {
                reader.AdvanceTo(buffer.GetPosition(expected));
                return (int)expected;
            }
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }
}
