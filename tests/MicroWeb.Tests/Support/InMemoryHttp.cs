using System.Text;
using MicroWeb.Controllers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Tests.Support;

/// <summary>Collects the response bytes of an in-memory <see cref="HttpContext"/>.</summary>
internal sealed class MemoryResponseOutput : HttpResponseOutput
{
    private readonly MemoryStream _body = new();
    private bool _started;

    public override bool HasStarted => _started;

    public byte[] Body => _body.ToArray();

    public override void Write(ReadOnlySpan<byte> data) => _body.Write(data);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _body.Write(data.Span);
        return ValueTask.CompletedTask;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        return Task.CompletedTask;
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => StartAsync(cancellationToken);

    public override void DiscardBuffered() => _body.SetLength(0);
}

/// <summary>What an in-memory request got back.</summary>
internal sealed record InMemoryResponse(int StatusCode, HeaderDictionary Headers, string Body)
{
    public string? ContentType => Headers["Content-Type"].Count == 0 ? null : Headers["Content-Type"][0];

    public string? Header(string name) => Headers[name].Count == 0 ? null : Headers[name].ToString();
}

/// <summary>
/// Runs requests through mapped endpoints and the router without sockets: the tier between binder unit
/// tests and real-socket integration tests.
/// </summary>
internal sealed class InMemoryHttp : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly EndpointCollection _endpoints;
    private RequestDelegate? _router;

    public InMemoryHttp(Action<IServiceCollection>? configureServices = null)
    {
        var collection = new ServiceCollection();
        configureServices?.Invoke(collection);
        _services = collection.BuildServiceProvider();
        _endpoints = new EndpointCollection(_services);
    }

    public InMemoryHttp Map(string methods, string template, Delegate handler)
    {
        var pattern = MicroWeb.Routing.RoutePattern.Parse(template);
        var endpoint = Endpoint.ForDelegate(handler, $"Map(\"{template}\")", pattern, _endpoints.Binders);
        _endpoints.Add(new MicroWeb.Routing.RouteDefinition<Endpoint>(pattern, methods.Split(','), endpoint, endpoint.DisplayName));
        return this;
    }

    public InMemoryHttp Get(string template, Delegate handler) => Map("GET", template, handler);

    public InMemoryHttp Post(string template, Delegate handler) => Map("POST", template, handler);

    public static HttpContext CreateContext(IServiceProvider services, string method, string target, string? contentType, byte[]? body, out MemoryResponseOutput output, params (string Name, string Value)[] headers)
    {
        output = new MemoryResponseOutput();
        var context = new HttpContext(services, output);
        context.BeginRequest(1, 1, CancellationToken.None);
        HttpRequest request = context.Request;
        request.Reset();
        int query = target.IndexOf('?');
        request.Method = method;
        request.RawTarget = target;
        request.Path = query < 0 ? target : target[..query];
        request.QueryString = query < 0 ? "" : target[query..];
        request.Host = "localhost";
        if (contentType is not null)
        {
            request.Headers.AppendParsed("Content-Type", contentType);
        }

        foreach ((string name, string value) in headers)
        {
            request.Headers.AppendParsed(name, value);
        }

        if (body is not null)
        {
            request.ContentLength = body.Length;
            request.Body = new MemoryStream(body);
        }

        return context;
    }

    public Task<InMemoryResponse> SendAsync(string method, string target, params (string Name, string Value)[] headers) =>
        SendAsync(method, target, null, (byte[]?)null, headers);

    public Task<InMemoryResponse> SendAsync(string method, string target, string? contentType, string body, params (string Name, string Value)[] headers) =>
        SendAsync(method, target, contentType, Encoding.UTF8.GetBytes(body), headers);

    public async Task<InMemoryResponse> SendAsync(string method, string target, string? contentType, byte[]? body, params (string Name, string Value)[] headers)
    {
        _router ??= _endpoints.BuildRouter(context =>
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        });
        HttpContext context = CreateContext(_services, method, target, contentType, body, out MemoryResponseOutput output, headers);
        try
        {
            await _router(context);
            var copy = new HeaderDictionary();
            foreach (KeyValuePair<string, StringValues> header in context.Response.Headers)
            {
                copy[header.Key] = header.Value;
            }

            return new InMemoryResponse(context.Response.StatusCode, copy, Encoding.UTF8.GetString(output.Body));
        }
        finally
        {
            await context.EndRequestAsync();
        }
    }

    public void Dispose() => _services.Dispose();
}
