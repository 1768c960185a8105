using MicroWeb.Http;

namespace MicroWeb.Middleware.LiveReload;

/// <summary>
/// Stands in for the response's output in Development and writes the live-reload script tag just before the first
/// <c>&lt;/body&gt;</c> of an HTML response. Only responses it can change safely: <c>text/html</c>, no Content-Length
/// announced (the server counts the bytes, or chunks them), not already encoded. Bytes are passed on as they come,
/// except a possible start of <c>&lt;/body&gt;</c> at the end of a write (at most six bytes), held until the next
/// write shows whether it is one. A response without <c>&lt;/body&gt;</c> (a fragment, say) is left as it is.
/// </summary>
internal sealed class LiveReloadOutput(HttpResponse response, HttpResponseOutput inner, byte[] scriptTag) : HttpResponseOutput
{
    private static ReadOnlySpan<byte> Pattern => "</body>"u8;

    private readonly byte[] _held = new byte[6];
    private int _matched;
    private int _heldCount;
    private bool _decided;
    private bool _active;
    private bool _done;

    public override bool HasStarted => inner.HasStarted;

    public override long BytesWritten => inner.BytesWritten;

    public override void Write(ReadOnlySpan<byte> data)
    {
        if (Filtering()) Filter(data);
        else inner.Write(data);
    }

    /// <summary>
    /// While looking for <c>&lt;/body&gt;</c> the bytes go to the output synchronously, which never blocks on the
    /// network; only Development pages take this path.
    /// </summary>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!Filtering()) return inner.WriteAsync(data, cancellationToken);
        Filter(data.Span);
        return ValueTask.CompletedTask;
    }

    public override Task StartAsync(CancellationToken cancellationToken) => inner.StartAsync(cancellationToken);

    /// <summary>A flush sends what is held: a tag split by a flush is not recognised, which costs only the reload.</summary>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ReleaseHeld();
        return inner.FlushAsync(cancellationToken);
    }

    public override void Flush()
    {
        ReleaseHeld();
        inner.Flush();
    }

    public override void DiscardBuffered()
    {
        // An error page replaces the response: it is looked at afresh.
        _decided = _active = _done = false;
        _matched = _heldCount = 0;
        inner.DiscardBuffered();
    }

    /// <summary>The response is complete: what is still held is ordinary text.</summary>
    public void Complete() => ReleaseHeld();

    private bool Filtering()
    {
        if (!_decided)
        {
            _decided = true;
            _active = response.ContentLength is null
                && response.StatusCode is not (204 or 304)
                && !response.Headers.ContainsKey("Content-Encoding")
                && response.ContentType is { } type
                && HeaderGrammar.MediaType(type).Equals("text/html", StringComparison.OrdinalIgnoreCase);
        }
        return _active && !_done;
    }

    private void Filter(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var b = data[i];
            if ((b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b + 32) : b) == Pattern[_matched])
            {
                _matched++;
                i++;
                if (_matched < Pattern.Length) continue;
                // The tag ends at i; its bytes are the held ones and the data from where it started in this write.
                var start = i - (Pattern.Length - _heldCount);
                inner.Write(data[..start]);
                inner.Write(scriptTag);
                _done = true;
                inner.Write(_held.AsSpan(0, _heldCount));
                _heldCount = 0;
                inner.Write(data[start..]);
                return;
            }
            if (_matched > 0)
            {
                // Not the tag after all: what was held goes out first (nothing of this write has been written yet),
                // and this byte is looked at again as a possible start.
                ReleaseHeld();
                continue;
            }
            i++;
        }
        // A possible start of the tag at the end of this write waits for the next one.
        var tail = _matched - _heldCount;
        inner.Write(data[..^tail]);
        data[^tail..].CopyTo(_held.AsSpan(_heldCount));
        _heldCount = _matched;
    }

    private void ReleaseHeld()
    {
        if (_heldCount > 0) inner.Write(_held.AsSpan(0, _heldCount));
        _heldCount = 0;
        _matched = 0;
    }
}
