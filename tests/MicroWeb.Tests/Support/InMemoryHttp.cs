using System.Text;
using MicroWeb.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace MicroWeb.Tests.Support;

/// <summary>What an in-memory request got back.</summary>
internal sealed record InMemoryResponse(int StatusCode, HeaderDictionary Headers, string Body)
{
    public string? ContentType => Headers["Content-Type"].Count == 0 ? null : Headers["Content-Type"][0];

    public string? Header(string name) => Headers[name].Count == 0 ? null : Headers[name].ToString();
}

/// <summary>
/// Maps handlers on a fresh app and sends requests to it through <see cref="MicroWebTestHost"/>: the real
/// parser, pipeline and router over in-memory pipes, no socket. Redirects are returned, not followed,
/// and cookies are not kept, so each response is exactly what the app answered.
/// </summary>
internal sealed class InMemoryHttp : IDisposable
{
    private readonly List<Action<MicroWebApp>> _mappings = [];
    private readonly MicroWebTestHost _host;
    private HttpClient? _client;

    public InMemoryHttp(Action<IServiceCollection>? configureServices = null)
    {
        _host = MicroWebTestHost.Create(
            builder =>
            {
                builder.Logging.ClearProviders();
                configureServices?.Invoke(builder.Services);
            },
            app =>
            {
                foreach (var map in _mappings) map(app);
            });
    }

    /// <summary>Maps <paramref name="handler"/>; the app is built, and mapping errors thrown, on the first request.</summary>
    public InMemoryHttp Map(string methods, string template, Delegate handler)
    {
        _mappings.Add(app => app.Map(methods.Split(','), template, handler));
        return this;
    }

    public InMemoryHttp Get(string template, Delegate handler) => Map("GET", template, handler);

    public InMemoryHttp Post(string template, Delegate handler) => Map("POST", template, handler);

    public Task<InMemoryResponse> SendAsync(string method, string target, params (string Name, string Value)[] headers) =>
        SendAsync(method, target, null, (byte[]?)null, headers);

    public Task<InMemoryResponse> SendAsync(string method, string target, string? contentType, string body, params (string Name, string Value)[] headers) =>
        SendAsync(method, target, contentType, Encoding.UTF8.GetBytes(body), headers);

    public async Task<InMemoryResponse> SendAsync(string method, string target, string? contentType, byte[]? body, params (string Name, string Value)[] headers)
    {
        _client ??= _host.CreateClient(new MicroWebTestClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (body is not null || contentType is not null) request.Content = new ByteArrayContent(body ?? []);
        if (contentType is not null) request.Content!.Headers.TryAddWithoutValidation("Content-Type", contentType);
        foreach ((string name, string value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value)) (request.Content ??= new ByteArrayContent([])).Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request);
        var copy = new HeaderDictionary();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            copy[name] = new StringValues([.. values]);
        }
        return new InMemoryResponse((int)response.StatusCode, copy, await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _client?.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
