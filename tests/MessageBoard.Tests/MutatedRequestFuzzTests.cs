using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>
/// Black-box fuzzing of the real sample over real sockets: mutated copies of realistic requests (bit flips, truncation,
/// inserted CR/LF/NUL, huge lengths and chunk sizes, odd methods and versions, duplicated headers, random bytes in the
/// target) must never be answered with a 5xx, and the server must keep answering a normal GET throughout.
/// </summary>
[NonParallelizable]
public partial class MutatedRequestFuzzTests
{
    private const int RequestCount = 20_000;
    private const int Workers = 12;
    private const int Seed = 20261201;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private enum Mutation { BitFlips, Truncate, InsertControl, HugeContentLength, HugeChunkSize, RandomMethod, RandomVersion, DuplicateHeader, RandomTargetBytes }

    [Test]
    public async Task Fuzz_mutated_requests_never_get_a_5xx_and_the_board_keeps_answering()
    {
        TestContext.Out.WriteLine($"seed {Seed}");
        await using var app = await StartAsync();
        var seeds = await SeedRequestsAsync(app);
        var port = app.BaseAddress.Port;
        using var health = app.CreateClient();

        var statuses = new ConcurrentDictionary<string, int>();
        var serverErrors = new ConcurrentQueue<string>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < RequestCount && clock.Elapsed < Budget)
            {
                // One generator per request: request N is the same on every run, whichever worker sends it.
                var random = new Random(HashCode.Combine(Seed, index));
                var (seedName, seed) = seeds[random.Next(seeds.Length)];
                var mutation = (Mutation)random.Next(Enum.GetValues<Mutation>().Length);
                var request = Mutate(seed, mutation, random);
                var status = await SendAsync(port, request);
                statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                if (IsServerError(status)) serverErrors.Enqueue($"#{index} {status} {seedName}/{mutation}: {Printable(request)}");
                if (index % 1000 == 0) await AssertHealthyAsync(health, $"after request #{index}");
            }
        })).ToArray();
        await Task.WhenAll(workers);

        var sent = Math.Min(next, RequestCount);
        TestContext.Out.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:F1} s; statuses: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}={s.Value}"))}");
        foreach (var error in serverErrors.Take(20)) TestContext.Out.WriteLine(error);
        await AssertHealthyAsync(health, "after the run");
        Assert.That(sent, Is.GreaterThanOrEqualTo(RequestCount), "the time budget ran out before every request was sent");
        Assert.That(serverErrors, Is.Empty, $"{serverErrors.Count} requests got a 5xx (the first are listed in the output)");
    }

    // 501 (a transfer coding the server does not implement) and 505 (an HTTP version it does not support) are the
    // RFC 9110 answers to exactly that client input, documented in docs/server.md; every other 5xx is a server failure.
    private static bool IsServerError(string status) => status.StartsWith('5') && status is not ("501" or "505");

    private static async Task AssertHealthyAsync(HttpClient client, string when)
    {
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"GET / {when}");
    }

    /// <summary>Realistic requests carrying a signed-in user's cookies and the CSRF token from a real page.</summary>
    private static async Task<(string Name, byte[] Bytes)[]> SeedRequestsAsync(BoardApp app)
    {
        var client = await RegisterAsync(app, "fuzz");
        var token = Csrf(await client.GetStringAsync("/"));
        var cookies = $"Cookie: microweb.auth={app.CookieValue(client, "microweb.auth")}; microweb.csrf={app.CookieValue(client, "microweb.csrf")}\r\n";
        const string host = "Host: 127.0.0.1\r\n";
        // The login form leaves the password empty: a mutated request should not cost a 210,000-round PBKDF2 each.
        var login = $"username=fuzz&returnUrl=%2Fusers%2Ffuzz&__csrf={token}&password=";
        var message = $"text=hello+%E2%82%AC&__csrf={token}";
        const string boundary = "fuzzboundary";
        var multipart = $"--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"__csrf\"\r\n\r\n{token}\r\n--{boundary}--\r\n";
        string[] requests =
        [
            $"GET / HTTP/1.1\r\n{host}{cookies}\r\n",
            $"GET /?page=2 HTTP/1.1\r\n{host}Accept: text/html\r\n\r\n",
            $"GET /login?returnUrl=%2Fmessages HTTP/1.1\r\n{host}\r\n",
            $"GET /users/fuzz HTTP/1.1\r\n{host}{cookies}Connection: close\r\n\r\n",
            $"GET /static/site.css HTTP/1.1\r\n{host}If-None-Match: \"x\"\r\n\r\n",
            $"HEAD /static/favicon.svg HTTP/1.0\r\n\r\n",
            $"POST /login HTTP/1.1\r\n{host}{cookies}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {login.Length}\r\n\r\n{login}",
            $"POST /messages HTTP/1.1\r\n{host}{cookies}Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {message.Length}\r\n\r\n{message}",
            $"POST /messages HTTP/1.1\r\n{host}{cookies}Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n{message.Length:x}\r\n{message}\r\n0\r\n\r\n",
            $"POST /messages HTTP/1.1\r\n{host}{cookies}Content-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{multipart[..5]}\r\n{multipart.Length - 5:x}\r\n{multipart[5..]}\r\n0\r\n\r\n",
            $"POST /messages/1/delete HTTP/1.1\r\n{host}{cookies}X-CSRF-Token: {token}\r\nContent-Length: 0\r\n\r\n",
        ];
        return requests.Select(r => (r[..r.IndexOf(" HTTP/", StringComparison.Ordinal)], Encoding.UTF8.GetBytes(r))).ToArray();
    }

    private static byte[] Mutate(byte[] seed, Mutation mutation, Random random)
    {
        var bytes = new List<byte>(seed);
        var text = Encoding.Latin1.GetString(seed);
        var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var targetStart = text.IndexOf(' ') + 1;
        var targetEnd = text.IndexOf(' ', targetStart);
        switch (mutation)
        {
            case Mutation.BitFlips:
                for (var i = random.Next(1, 9); i > 0; i--)
                {
                    var at = random.Next(bytes.Count);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }
                break;
            case Mutation.Truncate:
                var keep = random.Next(bytes.Count);
                bytes.RemoveRange(keep, bytes.Count - keep);
                break;
            case Mutation.InsertControl:
                for (var i = random.Next(1, 4); i > 0; i--)
                    bytes.Insert(random.Next(bytes.Count + 1), "\r\n\0"u8[random.Next(3)]);
                break;
            case Mutation.HugeContentLength:
                return Latin1(text.Contains("Content-Length: ", StringComparison.Ordinal)
                    ? ReplaceHeaderValue(text, "Content-Length: ", Huge(random))
                    : text.Insert(text.IndexOf("\r\n", StringComparison.Ordinal) + 2, $"Content-Length: {Huge(random)}\r\n"));
            case Mutation.HugeChunkSize:
                return Latin1(text.Contains("chunked", StringComparison.Ordinal)
                    ? text[..(headEnd + 4)] + random.Next(3) switch { 0 => "ffffffffffffffff", 1 => "7fffffffffffffff", _ => new string('f', random.Next(1, 40)) } + "\r\nabc\r\n0\r\n\r\n"
                    : text.Insert(headEnd + 2, "Transfer-Encoding: chunked\r\n") + "fffffffffff\r\nabc");
            case Mutation.RandomMethod:
                return Latin1(RandomToken(random, random.Next(0, 12)) + text[text.IndexOf(' ')..]);
            case Mutation.RandomVersion:
                var versionAt = text.IndexOf(" HTTP/", StringComparison.Ordinal) + 1;
                var lineEnd = text.IndexOf("\r\n", StringComparison.Ordinal);
                string[] versions = ["HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "HTTP/1.", "HTTP/1.10", "HTTP/11", "http/1.1", "HTTP/9.9", "HTTP/1.1 extra", ""];
                return Latin1(text[..versionAt] + versions[random.Next(versions.Length)] + text[lineEnd..]);
            case Mutation.DuplicateHeader:
                var lines = text[..headEnd].Split("\r\n").ToList();
                if (lines.Count > 1)
                {
                    var header = lines[random.Next(1, lines.Count)];
                    for (var i = random.Next(1, 4); i > 0; i--) lines.Insert(random.Next(1, lines.Count + 1), random.Next(2) == 0 ? header : header + "x");
                }
                return Latin1(string.Join("\r\n", lines) + text[headEnd..]);
            case Mutation.RandomTargetBytes:
                for (var i = random.Next(1, 6); i > 0; i--)
                    bytes.Insert(random.Next(targetStart, targetEnd + 1), (byte)random.Next(256));
                break;
        }
        return [.. bytes];
    }

    private static string Huge(Random random) =>
        random.Next(4) switch { 0 => "99999999999999999999999", 1 => "9223372036854775807", 2 => "30000001", _ => "-1" };

    private static string ReplaceHeaderValue(string text, string header, string value)
    {
        var start = text.IndexOf(header, StringComparison.Ordinal) + header.Length;
        return text[..start] + value + text[text.IndexOf("\r\n", start, StringComparison.Ordinal)..];
    }

    private static string RandomToken(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => (char)random.Next(0x21, 0x7f))]);

    private static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    /// <summary>
    /// Sends <paramref name="request"/> on a fresh connection, half-closes it (so a truncated request ends at once instead of
    /// waiting out the head timeout), and returns the status code of the first response, "none" if the server closed
    /// without answering, or "timeout".
    /// </summary>
    private static async Task<string> SendAsync(int port, byte[] request)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        // Reset on close: 20,000 connections in TIME_WAIT would exhaust the client's ephemeral ports.
        socket.LingerState = new LingerOption(true, 0);
        using var timeout = new CancellationTokenSource(ReadTimeout);
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            await socket.SendAsync(request, SocketFlags.None, timeout.Token);
            socket.Shutdown(SocketShutdown.Send);
            var buffer = new byte[256];
            var filled = 0;
            while (filled < 12)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, timeout.Token);
                if (read == 0) break;
                filled += read;
            }
            var statusLine = Encoding.Latin1.GetString(buffer, 0, filled);
            return filled >= 12 && statusLine.StartsWith("HTTP/1.", StringComparison.Ordinal) ? statusLine[9..12] : filled == 0 ? "none" : "garbled";
        }
        catch (OperationCanceledException)
        {
            return "timeout";
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.Shutdown)
        {
            // The server may reset a connection it rejected while the request was still arriving.
            return "reset";
        }
    }

    /// <summary>The request as one printable line, without the long cookie values that say nothing about the failure.</summary>
    private static string Printable(byte[] request)
    {
        var text = CookieValues().Replace(Encoding.Latin1.GetString(request), "microweb.$1=...");
        return string.Concat(text.Take(600).Select(c => c is >= ' ' and < '\x7f' ? c.ToString() : $"\\x{(int)c:x2}"));
    }

    [GeneratedRegex("microweb\\.(auth|csrf)=[A-Za-z0-9_-]+")]
    private static partial Regex CookieValues();
}
