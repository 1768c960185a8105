using System.Net.Sockets;
using System.Text;

namespace MicroWeb.Tests.Support;

/// <summary>A raw TCP client for protocol tests: sends exact bytes, reads responses by hand.</summary>
internal sealed class RawConnection : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly MemoryStream _pending = new();

    private RawConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawConnection> OpenAsync(int port)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync("127.0.0.1", port);
        return new RawConnection(client);
    }

    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    /// <summary>Reads one response (status line, headers, and a Content-Length, chunked or close-delimited body).</summary>
    public async Task<RawResponse> ReadResponseAsync(bool headRequest = false)
    {
        var head = await ReadHeadAsync();
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }
        var response = new RawResponse(int.Parse(statusParts[1]), lines[0], headers);
        var status = response.StatusCode;
        if (headRequest || status is 204 or 304 || status < 200) return response with { Body = [] };

        if (response.Header("Content-Length") is { } length)
            return response with { Body = await ReadExactlyAsync(int.Parse(length)) };
        if (string.Equals(response.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
            return response with { Body = await ReadChunkedAsync() };
        return response with { Body = await ReadToEndAsync() };
    }

    /// <summary>Reads until the server closes the connection.</summary>
    public async Task<byte[]> ReadToEndAsync()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var buffer = new byte[8192];
        while (true)
        {
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                read = 0;
            }
            if (read == 0) break;
            _pending.Write(buffer, 0, read);
        }
        var all = _pending.ToArray();
        _pending.SetLength(0);
        return all;
    }

    /// <summary>True when the server closed the connection (EOF or reset) with nothing more to read.</summary>
    public async Task<bool> IsClosedByServerAsync() => (await ReadToEndAsync()).Length == 0;

    private async Task<string> ReadHeadAsync()
    {
        while (true)
        {
            var data = _pending.ToArray();
            var end = IndexOf(data, "\r\n\r\n"u8);
            if (end >= 0)
            {
                Consume(end + 4);
                return Encoding.Latin1.GetString(data, 0, end);
            }
            if (!await FillAsync()) throw new EndOfStreamException($"Connection closed before a response head; got: {Encoding.Latin1.GetString(data)}");
        }
    }

    private async Task<byte[]> ReadExactlyAsync(int count)
    {
        while (_pending.Length < count)
            if (!await FillAsync()) throw new EndOfStreamException("Connection closed inside a response body.");
        var data = _pending.ToArray();
        Consume(count);
        return data[..count];
    }

    private async Task<byte[]> ReadChunkedAsync()
    {
        var body = new MemoryStream();
        while (true)
        {
            var line = Encoding.ASCII.GetString(await ReadLineAsync());
            var size = Convert.ToInt32(line.Split(';')[0], 16);
            if (size == 0)
            {
                while ((await ReadLineAsync()).Length > 0) { }
                return body.ToArray();
            }
            body.Write(await ReadExactlyAsync(size));
            await ReadLineAsync();
        }
    }

    private async Task<byte[]> ReadLineAsync()
    {
        while (true)
        {
            var data = _pending.ToArray();
            var end = IndexOf(data, "\r\n"u8);
            if (end >= 0)
            {
                Consume(end + 2);
                return data[..end];
            }
            if (!await FillAsync()) throw new EndOfStreamException("Connection closed inside a chunked body.");
        }
    }

    private async Task<bool> FillAsync()
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        var buffer = new byte[8192];
        var read = await _stream.ReadAsync(buffer, timeout.Token);
        if (read == 0) return false;
        _pending.Seek(0, SeekOrigin.End);
        _pending.Write(buffer, 0, read);
        return true;
    }

    private void Consume(int count)
    {
        var rest = _pending.ToArray()[count..];
        _pending.SetLength(0);
        _pending.Write(rest);
    }

    private static int IndexOf(byte[] data, ReadOnlySpan<byte> value) => data.AsSpan().IndexOf(value);

    public void Dispose() => _client.Dispose();
}

internal sealed record RawResponse(int StatusCode, string StatusLine, List<KeyValuePair<string, string>> Headers)
{
    public byte[] Body { get; init; } = [];

    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
