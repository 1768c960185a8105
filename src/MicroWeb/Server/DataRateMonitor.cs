namespace MicroWeb.Server;

/// <summary>What <see cref="DataRateMonitor.Check"/> found.</summary>
internal enum DataRateViolation
{
    None,
    /// <summary>A body read waited longer than <see cref="ServerOptions.RequestBodyTimeout"/> for a byte.</summary>
    RequestBodyTimeout,
    /// <summary>The body arrived slower than the minimum request body data rate.</summary>
    RequestBodyTooSlow,
    /// <summary>A send has been pending past the time the minimum response data rate allows.</summary>
    ResponseTooSlow,
}

/// <summary>
/// Measures one connection's request body reads and response sends against the minimum data rates
/// (the Kestrel model): time counts only while the server waits on the client, so an application that
/// is slow to read its body is not blamed on the client.
/// </summary>
/// <remarks>
/// The connection's flow calls the Begin/End methods; the heartbeat calls <see cref="Check"/>. The owner
/// serialises all calls with its lock, except <see cref="BodyBytesRead"/>, which is atomic so the body
/// stream can count without it. Times are <see cref="Environment.TickCount64"/> milliseconds.
/// </remarks>
internal sealed class DataRateMonitor(ServerOptions options)
{
    private readonly long _bodyGraceMs = (long)options.MinRequestBodyDataRateGracePeriod.TotalMilliseconds;
    private readonly long _sendGraceMs = (long)options.MinResponseDataRateGracePeriod.TotalMilliseconds;

    // The body of the current request: bytes taken, time spent waiting for them, the pending wait.
    private long _bodyBytes;
    private long _bodyWaitedMs;
    private long _readStartedAt;
    private bool _reading;
    private double _minBodyRate;
    private long _bodyTimeoutMs;

    // Response sends: the moment by which every pending send must have completed.
    private long _sendDeadline;
    private bool _sending;

    /// <summary>Whether a body read is waiting for the client now (so cancelling the input's pending read hits it).</summary>
    public bool IsReadingBody => _reading;

    /// <summary>Forgets the previous request's body.</summary>
    public void StartRequest()
    {
        Interlocked.Exchange(ref _bodyBytes, 0);
        _bodyWaitedMs = 0;
        _reading = false;
    }

    public void BeginBodyRead(long now, double? minRate, TimeSpan? timeout)
    {
        _minBodyRate = minRate ?? 0;
        _bodyTimeoutMs = timeout is { } limit ? (long)limit.TotalMilliseconds : long.MaxValue;
        _readStartedAt = now;
        _reading = true;
    }

    public void EndBodyRead(long now)
    {
        if (!_reading) return;
        _reading = false;
        _bodyWaitedMs += now - _readStartedAt;
    }

    public void BodyBytesRead(long count) => Interlocked.Add(ref _bodyBytes, count);

    public void BeginSend(long now, long bytes, double? minRate)
    {
        if (minRate is not > 0) return;
        // Kestrel's rule: a send may take the time its bytes need at the minimum rate, but at least the grace
        // period; back-to-back sends add their time to the previous deadline without adding grace again.
        var needed = (long)(bytes * 1000 / minRate.Value);
        _sendDeadline = Math.Max(now + Math.Max(_sendGraceMs, needed), _sendDeadline + needed);
        _sending = true;
    }

    public void EndSend() => _sending = false;

    public DataRateViolation Check(long now)
    {
        if (_sending && now > _sendDeadline) return DataRateViolation.ResponseTooSlow;
        if (!_reading) return DataRateViolation.None;
        if (now - _readStartedAt > _bodyTimeoutMs) return DataRateViolation.RequestBodyTimeout;
        var waited = _bodyWaitedMs + (now - _readStartedAt);
        if (_minBodyRate > 0 && waited > _bodyGraceMs && Interlocked.Read(ref _bodyBytes) < _minBodyRate * waited / 1000) return DataRateViolation.RequestBodyTooSlow;
        return DataRateViolation.None;
    }

    /// <summary>The body's average rate so far, for the log line.</summary>
    public double BodyRate(long now)
    {
        var waited = _bodyWaitedMs + (_reading ? now - _readStartedAt : 0);
        return waited <= 0 ? 0 : Interlocked.Read(ref _bodyBytes) * 1000.0 / waited;
    }
}
