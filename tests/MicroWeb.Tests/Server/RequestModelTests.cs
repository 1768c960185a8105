using System.Net;
using System.Text;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Server;

public class RequestModelTests
{
    [Test]
    public async Task Query_cookies_and_form_fields_are_available_to_handlers()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            var request = context.Request;
            var form = await request.ReadFormAsync();
            await context.Response.WriteAsync(
                $"q={request.Query["q"]};tags={string.Join(",", request.Query["tag"].ToArray())};" +
                $"session={request.Cookies["session"]};name={form["name"]};isForm={request.HasFormContentType}");
        });
        using var client = server.CreateClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, "/submit?q=caf%C3%A9+au+lait&tag=a&tag=b")
        {
            Content = new FormUrlEncodedContent([new("name", "Ada & Grace")]),
        };
        message.Headers.Add("Cookie", "session=abc123; theme=dark");
        using var response = await client.SendAsync(message);
        Assert.That(await response.Content.ReadAsStringAsync(),
            Is.EqualTo("q=café au lait;tags=a,b;session=abc123;name=Ada & Grace;isForm=True"));
    }

    [Test]
    public async Task Multipart_upload_with_a_file_is_read()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            var form = await context.Request.ReadFormAsync();
            var file = form.GetFile("upload")!;
            using var reader = new StreamReader(file.OpenReadStream());
            await context.Response.WriteAsync($"{form["title"]}|{file.FileName}|{file.ContentType}|{file.Length}|{await reader.ReadToEndAsync()}");
        });
        using var client = server.CreateClient();
        using var content = new MultipartFormDataContent
        {
            { new StringContent("My notes"), "title" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes("file body")) { Headers = { ContentType = new("text/plain") } }, "upload", "notes.txt" },
        };
        using var response = await client.PostAsync("/upload", content);
        Assert.That(await response.Content.ReadAsStringAsync(), Is.EqualTo("My notes|notes.txt|text/plain|9|file body"));
    }

    [Test]
    public async Task Malformed_form_body_is_a_400_not_a_500()
    {
        await using var server = await TestServer.StartAsync(async context =>
        {
            await context.Request.ReadFormAsync();
            await context.Response.WriteAsync("unreachable");
        });
        using var client = server.CreateClient();
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--nope\r\n"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=xyz");
        using var response = await client.PostAsync("/", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Response_cookies_are_sent_with_safe_defaults()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.Cookies.Append("session", "abc");
            context.Response.Cookies.Delete("old");
            return Task.CompletedTask;
        });
        using var client = server.CreateClient();
        using var response = await client.GetAsync("/");
        var cookies = response.Headers.GetValues("Set-Cookie").ToArray();
        Assert.That(cookies[0], Does.StartWith("session=abc").And.Contain("path=/").IgnoreCase.And.Contain("httponly").IgnoreCase.And.Contain("samesite=lax").IgnoreCase);
        Assert.That(cookies[1], Does.StartWith("old=").And.Contain("1970"));
    }

    [Test]
    public async Task Redirect_sets_status_and_location()
    {
        await using var server = await TestServer.StartAsync(context =>
        {
            context.Response.Redirect("/elsewhere");
            return Task.CompletedTask;
        });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseAddress };
        using var response = await client.GetAsync("/");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo("/elsewhere"));
    }
}
