using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Server;

public class HttpServerTests
{
    private static async Task Echo(HttpContext context)
    {
        var request = context.Request;
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        context.Response.ContentType = "text/plain";
        context.Response.Headers["X-Method"] = request.Method;
        context.Response.Headers["X-Path"] = request.Path;
        context.Response.Headers["X-Query"] = request.QueryString;
        await context.Response.WriteAsync(body.ToArray());
    }

    [Test]
    public async Task Get_returns_the_handler_response_with_content_length()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("Hello, World!").AsTask());
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/plaintext");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentLength, Is.EqualTo(13));
        Assert.That(response.Headers.Date, Is.Not.Null);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Hello, World!"));
    }

    [Test]
    public async Task Post_body_with_content_length_reaches_the_handler()
    {
        await using var server = await TestServer.StartAsync(Echo);
        using var client = server.CreateClient();
        using var response = await client.PostAsync("/echo?x=1", new StringContent("payload-ü"));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("payload-ü"));
        Assert.That(response.Headers.GetValues("X-Method").Single(), Is.EqualTo("POST"));
        Assert.That(response.Headers.GetValues("X-Query").Single(), Is.EqualTo("?x=1"));
    }

    [Test]
    public async Task Chunked_request_body_is_decoded()
    {
        await using var server = await TestServer.StartAsync(Echo);
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\nTrailer: x\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.BodyText, Is.EqualTo("hello, world"));
    }

    [Test]
    public async Task Large_response_without_length_is_sent_chunked_on_http11_and_close_delimited_on_http10()
    {
        var payload = new string('x', 200_000);
        await using var server = await TestServer.StartAsync(async context =>
        {
            for (var i = 0; i < 4; i++) await context.Response.WriteAsync(payload.Substring(i * 50_000, 50_000));
        });

        using (var connection = await server.ConnectAsync())
        {
            await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.That(response.Header("Transfer-Encoding"), Is.EqualTo("chunked"));
            Assert.That(response.Header("Content-Length"), Is.Null);
            Assert.That(response.BodyText, Is.EqualTo(payload));
        }
        using (var connection = await server.ConnectAsync())
        {
            await connection.SendAsync("GET / HTTP/1.0\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.That(response.Header("Transfer-Encoding"), Is.Null);
            Assert.That(response.Header("Connection"), Is.EqualTo("close"));
            Assert.That(response.BodyText, Is.EqualTo(payload));
        }
    }

    [Test]
    public async Task Explicit_start_streams_the_body_with_chunks()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            await context.Response.StartAsync();
            await context.Response.WriteAsync("first;");
            await context.Response.Body.FlushAsync();
            await context.Response.WriteAsync("second");
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That(response.Headers.TransferEncodingChunked, Is.True);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("first;second"));
    }

    [Test]
    public async Task Head_gets_the_get_headers_without_a_body()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("twelve bytes").AsTask());
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("HEAD / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var head = await connection.ReadResponseAsync(headRequest: true);
        Assert.That(head.StatusCode, Is.EqualTo(200));
        Assert.That(head.Header("Content-Length"), Is.EqualTo("12"));
        // The next response starts right after the head: no body bytes were sent for HEAD.
        var get = await connection.ReadResponseAsync();
        Assert.That(get.BodyText, Is.EqualTo("twelve bytes"));
    }

    [Test]
    public async Task Status_204_and_304_never_carry_a_body()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.StatusCode = context.Request.Path == "/304" ? 304 : 204;
            return Task.CompletedTask;
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET /204 HTTP/1.1\r\nHost: t\r\n\r\nGET /304 HTTP/1.1\r\nHost: t\r\n\r\n");
        var noContent = await connection.ReadResponseAsync();
        var notModified = await connection.ReadResponseAsync();
        Assert.That(noContent.StatusCode, Is.EqualTo(204));
        Assert.That(noContent.Header("Content-Length"), Is.Null);
        Assert.That(notModified.StatusCode, Is.EqualTo(304));
    }

    [Test]
    public async Task Writing_a_body_to_a_204_is_an_error()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            context.Response.StatusCode = 204;
            await context.Response.WriteAsync("oops");
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task Keep_alive_connection_serves_several_requests()
    {
        var count = 0;
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync($"#{Interlocked.Increment(ref count)}").AsTask());
        using var connection = await server.ConnectAsync();
        for (var i = 1; i <= 3; i++)
        {
            await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.That(response.BodyText, Is.EqualTo($"#{i}"));
            Assert.That(response.Header("Connection"), Is.Null);
        }
    }

    [Test]
    public async Task Connection_close_is_honoured()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("bye").AsTask());
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.Header("Connection"), Is.EqualTo("close"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Http10_keep_alive_is_kept_when_asked()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ok").AsTask());
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        Assert.That(first.Header("Connection"), Is.EqualTo("keep-alive"));
        await connection.SendAsync("GET / HTTP/1.0\r\n\r\n");
        var second = await connection.ReadResponseAsync();
        Assert.That(second.Header("Connection"), Is.EqualTo("close"));
        Assert.That(await connection.IsClosedByServerAsync(), Is.True);
    }

    [Test]
    public async Task Pipelined_requests_are_answered_in_order()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            // The first request is the slowest: answers must still come back in request order.
            if (context.Request.Path == "/1") await Task.Delay(100);
            await context.Response.WriteAsync("answer" + context.Request.Path);
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET /1 HTTP/1.1\r\nHost: t\r\n\r\nGET /2 HTTP/1.1\r\nHost: t\r\n\r\nGET /3 HTTP/1.1\r\nHost: t\r\n\r\n");
        var bodies = new List<string>();
        for (var i = 0; i < 3; i++) bodies.Add((await connection.ReadResponseAsync()).BodyText);
        Assert.That(bodies, Is.EqualTo(new[] { "answer/1", "answer/2", "answer/3" }));
    }

    [Test]
    public async Task Request_sent_one_byte_at_a_time_is_served()
    {
        await using var server = await TestServer.StartAsync(Echo);
        using var connection = await server.ConnectAsync();
        foreach (var b in Encoding.ASCII.GetBytes("POST /slow?q=1 HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\nbody"))
        {
            await connection.SendAsync([b]);
            await Task.Delay(1);
        }
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(200));
        Assert.That(response.Header("X-Path"), Is.EqualTo("/slow"));
        Assert.That(response.BodyText, Is.EqualTo("body"));
    }

    [Test]
    public async Task Expect_100_continue_is_answered_only_when_the_body_is_read()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            if (context.Request.Path == "/read") await Echo(context);
            else await context.Response.WriteAsync("not reading");
        });

        using (var connection = await server.ConnectAsync())
        {
            await connection.SendAsync("POST /read HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            var interim = await connection.ReadResponseAsync();
            Assert.That(interim.StatusCode, Is.EqualTo(100));
            await connection.SendAsync("hello");
            var final = await connection.ReadResponseAsync();
            Assert.That(final.StatusCode, Is.EqualTo(200));
            Assert.That(final.BodyText, Is.EqualTo("hello"));
        }

        using (var connection = await server.ConnectAsync())
        {
            await connection.SendAsync("POST /ignore HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.That(response.StatusCode, Is.EqualTo(200), "no 100 Continue when the body is never read");
            Assert.That(response.BodyText, Is.EqualTo("not reading"));
            Assert.That(response.Header("Connection"), Is.EqualTo("close"));
        }
    }

    [Test]
    public async Task HttpClient_expect_continue_round_trip_works()
    {
        await using var server = await TestServer.StartAsync(Echo);
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.ExpectContinue = true;
        using var response = await client.PostAsync("/", new ByteArrayContent(Encoding.ASCII.GetBytes("abc")));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("abc"));
    }

    [Test]
    public async Task Unread_small_body_is_drained_and_the_connection_reused()
    {
        await using var server = await TestServer.StartAsync(context => context.Response.WriteAsync("ignored the body").AsTask());
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789GET /next HTTP/1.1\r\nHost: t\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        var second = await connection.ReadResponseAsync();
        Assert.That(first.Header("Connection"), Is.Null);
        Assert.That(second.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Unhandled_exception_becomes_500_is_logged_and_the_server_keeps_serving()
    {
        await using var server = await TestServer.StartAsync(context =>
            context.Request.Path == "/boom" ? throw new InvalidOperationException("kaboom") : context.Response.WriteAsync("fine").AsTask());
        using var client = server.CreateClient();
        using (var response = await client.GetAsync("/boom"))
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Not.Contain("kaboom"));
        }
        using (var response = await client.GetAsync("/after"))
            Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("fine"));

        var error = server.Logs.Entries.Single(e => e.Level == LogLevel.Error);
        Assert.That(error.Message, Does.Contain("GET /boom"));
        Assert.That(error.Exception, Is.TypeOf<InvalidOperationException>());
    }

    [Test]
    public async Task Exception_after_the_response_started_aborts_the_connection()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 100;
            await context.Response.StartAsync();
            await context.Response.WriteAsync("partial");
            throw new InvalidOperationException("late failure");
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var received = Encoding.ASCII.GetString(await connection.ReadToEndAsync());
        Assert.That(received, Does.StartWith("HTTP/1.1 200 OK"));
        Assert.That(received, Does.Not.Contain("500"), "no error response appended to a started one");
        Assert.That(received.Length, Is.LessThan(received.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4 + 100), "fewer body bytes than announced: the client can tell");
        Assert.That(server.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Message.Contains("GET /")), Is.True);
    }

    [Test]
    public async Task Bad_request_exception_from_the_app_gets_its_status()
    {
        await using var server = await TestServer.StartAsync(_ => throw new BadHttpRequestException("Missing name", 422));
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That((int)response.StatusCode, Is.EqualTo(422));
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("Missing name"));
    }

    [Test]
    public async Task Invalid_response_header_value_is_a_500_not_a_split_response()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.Headers["X-Injected"] = "a\r\nSet-Cookie: evil=1";
            return Task.CompletedTask;
        });
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
        var response = await connection.ReadResponseAsync();
        Assert.That(response.StatusCode, Is.EqualTo(500));
        Assert.That(response.Header("Set-Cookie"), Is.Null);
    }

    [Test]
    public async Task Two_hundred_concurrent_connections_are_all_answered()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            await Task.Delay(10);
            await context.Response.WriteAsync("ok " + context.Request.Path);
        });
        var tasks = Enumerable.Range(0, 200).Select(async i =>
        {
            using var connection = await server.ConnectAsync();
            await connection.SendAsync($"GET /{i} HTTP/1.1\r\nHost: t\r\n\r\n");
            return (await connection.ReadResponseAsync()).BodyText;
        });
        var bodies = await Task.WhenAll(tasks);
        Assert.That(bodies, Is.EqualTo(Enumerable.Range(0, 200).Select(i => $"ok /{i}")));
    }

    [Test]
    public async Task Response_headers_and_cookies_style_multi_values_are_written_as_separate_lines()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.Headers.Append("Set-Cookie", "a=1");
            context.Response.Headers.Append("Set-Cookie", "b=2");
            context.Response.StatusCode = 201;
            return Task.CompletedTask;
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(response.Headers.GetValues("Set-Cookie"), Is.EqualTo(new[] { "a=1", "b=2" }));
    }

    [Test]
    public async Task Request_headers_are_case_insensitive_and_multi_valued()
    {
        await using var server = await TestServer.StartAsync(context =>
            context.Response.WriteAsync(string.Join("|", context.Request.Headers["x-multi"].ToArray()) + "/" + context.Request.Headers["USER-AGENT"]).AsTask());
        using var client = server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation("X-Multi", "one");
        request.Headers.TryAddWithoutValidation("User-Agent", "tester/1.0");
        using var connection = await server.ConnectAsync();
        await connection.SendAsync("GET / HTTP/1.1\r\nHost: t\r\nX-Multi: one\r\nx-multi: two\r\nUser-Agent: tester/1.0\r\n\r\n");
        Assert.That((await connection.ReadResponseAsync()).BodyText, Is.EqualTo("one|two/tester/1.0"));
    }

    [Test]
    public async Task Remote_endpoint_and_protocol_are_exposed()
    {
        await using var server = await TestServer.StartAsync(context =>
            context.Response.WriteAsync($"{context.Request.Protocol} {((IPEndPoint)context.Request.RemoteEndPoint!).Address} {context.TraceIdentifier.Length > 0}").AsTask());
        using var client = server.CreateClient();
        Assert.That(await client.GetStringAsync("/"), Is.EqualTo("HTTP/1.1 127.0.0.1 True"));
    }

    [Test]
    public async Task Content_length_shorter_than_announced_aborts_the_connection()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            context.Response.ContentLength = 10;
            await context.Response.StartAsync();
            await context.Response.WriteAsync("abc");
        });
        using var client = server.CreateClient();
        Assert.That(async () => await client.GetStringAsync("/"), Throws.InstanceOf<HttpRequestException>().Or.InstanceOf<IOException>());
    }

    [Test]
    public async Task Content_length_set_but_nothing_written_before_start_is_a_500()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.ContentLength = 10;
            return Task.CompletedTask;
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError));
    }

    [Test]
    public async Task Scoped_services_are_disposed_after_each_request()
    {
        var disposed = 0;
        await using var server = await TestServer.StartAsync(
            context =>
            {
                var tracker = (DisposalTracker)context.RequestServices.GetService(typeof(DisposalTracker))!;
                return context.Response.WriteAsync(tracker.Id.ToString()).AsTask();
            },
            configureServices: services => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddScoped(services, _ => new DisposalTracker(() => Interlocked.Increment(ref disposed))));
        using var client = server.CreateClient();
        var first = await client.GetStringAsync("/");
        var second = await client.GetStringAsync("/");
        Assert.That(first, Is.Not.EqualTo(second));
        Assert.That(() => Volatile.Read(ref disposed), Is.EqualTo(2).After(2000, 20));
    }

    private sealed class DisposalTracker(Action onDispose) : IAsyncDisposable
    {
        public Guid Id { get; } = Guid.NewGuid();

        public ValueTask DisposeAsync()
        {
            onDispose();
            return ValueTask.CompletedTask;
        }
    }
}
