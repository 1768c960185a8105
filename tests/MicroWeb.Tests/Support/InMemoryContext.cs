using MicroWeb.Http;

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

/// <summary>An <see cref="HttpContext"/> with no connection behind it, for unit tests of results and binders.</summary>
internal static class InMemoryContext
{
    public static HttpContext Create(IServiceProvider services, string method, string target, string? contentType, byte[]? body, out MemoryResponseOutput output, params (string Name, string Value)[] headers)
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
}
