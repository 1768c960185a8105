using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MicroWeb.Controllers;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Routing;
using MicroWeb.Security;
using MicroWeb.Server;

namespace MicroWeb.Benchmarks.Server;

/// <summary>
/// The bench/load app's three small endpoints as whole keep-alive requests through the real connection, router and
/// controllers (generated invokers) over an in-memory transport: parse → route → bind → action → result → response.
/// The actions return values they built once, so the allocated bytes are the framework's own; the load app's
/// actions allocate their models per request (24 B <c>HelloMessage</c>, ~144 B for a <c>UserInfo</c> and its strings).
/// Run: dotnet run -c Release --project bench/MicroWeb.Benchmarks -- --filter '*ControllerConnection*' --inProcess --job short
/// </summary>
[MemoryDiagnoser]
public class ControllerConnectionBenchmarks
{
    private static readonly byte[] s_plaintext = Request("/plaintext");
    private static readonly byte[] s_json = Request("/json");
    private static readonly byte[] s_users = Request("/users/42");

    private readonly Dictionary<byte[], int> _lengths = [];
    private ServiceProvider _services = null!;
    private PipeTransport _transport = null!;
    private Task _connection = null!;

    [GlobalSetup]
    public void Setup()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<UserStore>();
        // What MicroWebAppBuilder registers: with the lifetimes known, a controller taking only singletons opens no scope.
        collection.AddSingleton(new ServiceLifetimes(collection));
        _services = collection.BuildServiceProvider();
        var endpoints = new EndpointCollection(_services);
        foreach (var controller in new[] { typeof(HelloController), typeof(UsersController) })
        {
            foreach (RouteDefinition<Endpoint> route in ControllerDiscovery.Routes(controller, endpoints.Binders))
            {
                endpoints.Add(route);
            }
        }

        var router = endpoints.BuildRouter(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }, [AuthorizationStep.Instance]);
        var values = new ApplicationValues(ApplicationValues.ResolveFormOptions(_services),
            ResultServices.Resolve(_services, viewRendererIsSingleton: true, AppContext.BaseDirectory));
        var context = new ServerContext(new ServerOptions(), router, _services, NullLogger.Instance, new DateHeader(TimeProvider.System), values);
        _transport = new PipeTransport(PipeScheduler.Inline);
        _connection = new HttpConnection(1, _transport, context).RunAsync();
        foreach (var request in new[] { s_plaintext, s_json, s_users })
        {
            _lengths[request] = Measure(request);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _transport.ClientOutput.Complete();
        _connection.GetAwaiter().GetResult();
        _services.Dispose();
    }

    [Benchmark(Baseline = true, Description = "controller /plaintext → string")]
    public int Plaintext() => RoundTrip(s_plaintext);

    [Benchmark(Description = "controller /json → POCO")]
    public int Json() => RoundTrip(s_json);

    [Benchmark(Description = "controller /users/{id:int} + singleton → POCO")]
    public int Users() => RoundTrip(s_users);

    private static byte[] Request(string path) =>
        Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost:8080\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n");

    private int RoundTrip(byte[] request)
    {
        var expected = _lengths[request];
        Send(request);
        var reader = _transport.ClientInput;
        while (true)
        {
            var buffer = Read(reader);
            if (buffer.Length >= expected)
            {
                reader.AdvanceTo(buffer.GetPosition(expected));
                return expected;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>The length of the one response to <paramref name="request"/> (the Date header has a fixed length, so every later one is as long).</summary>
    private int Measure(byte[] request)
    {
        Send(request);
        var reader = _transport.ClientInput;
        while (true)
        {
            var buffer = Read(reader);
            var text = Encoding.ASCII.GetString(buffer.ToArray());
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var lengthAt = text.IndexOf("Content-Length: ", StringComparison.OrdinalIgnoreCase);
            if (headEnd > 0 && lengthAt > 0)
            {
                var valueStart = lengthAt + "Content-Length: ".Length;
                var length = headEnd + 4 + int.Parse(text.AsSpan(valueStart, text.IndexOf('\r', valueStart) - valueStart));
                if (buffer.Length >= length)
                {
                    if (!text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal)) throw new InvalidOperationException(text);
                    reader.AdvanceTo(buffer.GetPosition(length));
                    return length;
                }
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Waits for response bytes without the task a blocking <c>ReadAsync</c> would allocate on the client's side.</summary>
    private static ReadOnlySequence<byte> Read(PipeReader reader)
    {
        var spin = default(SpinWait);
        ReadResult result;
        while (!reader.TryRead(out result))
        {
            spin.SpinOnce();
        }

        return result.Buffer;
    }

    private void Send(byte[] request)
    {
        _transport.ClientOutput.Write(request);
        _transport.ClientOutput.FlushAsync().AsTask().GetAwaiter().GetResult();
    }

    public sealed record HelloMessage(string Message);

    public sealed record UserInfo(int Id, string Name, string Email, bool Active);

    public sealed class UserStore
    {
        private readonly UserInfo _user = new(42, "User 42", "user42@example.com", true);

        public UserInfo Find(int id) => id == _user.Id ? _user : new UserInfo(id, "?", "?", false);
    }

    public sealed class HelloController : Controller
    {
        private static readonly HelloMessage s_message = new("Hello, World!");

        [HttpGet("/plaintext")]
        public string Plaintext() => "Hello, World!";

        [HttpGet("/json")]
        public HelloMessage GetJson() => s_message;
    }

    public sealed class UsersController(UserStore users) : Controller
    {
        [HttpGet("/users/{id:int}")]
        public UserInfo Get(int id) => users.Find(id);
    }
}
