using System.Net;
using System.Text;
using MicroWeb.Testing;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Controllers;

public enum Shade { Red, Green }

public sealed record Order(int Quantity, string Item, DateTime When, Shade Shade);

public sealed class HostileInputController : Controller
{
    [HttpGet("/hostile/{id:int}")]
    public string Route(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [HttpGet("/hostile/query")]
    public string Query(int n, long big, Shade shade, DateTime when, DateTimeOffset at, Guid guid, double x, bool flag, int[]? many) => "ok";

    [HttpPost("/hostile/json")]
    public string Json([FromBody] Order order) => order.Item;

    [HttpPost("/hostile/form")]
    public string Form([FromForm] int n, [FromForm] string? text) => "ok";

    [HttpGet("/hostile/cookie")]
    public string Cookie([FromCookie] int n) => "ok";
}

/// <summary>Hostile client input, end to end: every case is a 4xx (or treated as absent), never a 500 or an error log line.</summary>
public class ClientInputTests
{
    private static MicroWebTestHost Start(out ListLoggerProvider logs) =>
        MicroWebTestHost.Create(_ => { }, app =>
        {
            app.UseAuthentication();
            app.UseAntiforgery();
            app.MapControllers(typeof(HostileInputController));
        }).CaptureLogs(out logs);

    private static void AssertNoErrorLogged(ListLoggerProvider logs) =>
        Assert.That(logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Message + e.Exception), Is.Empty);

    private static readonly string[] s_queries =
    [
        "n=99999999999999999999", "n=%zz", "n=%", "n=%00", "n=-", "big=9223372036854775808", "shade=Blue", "shade=99", "shade=%FF",
        "when=2024-13-45", "when=9999999999", "at=0000-00-00", "guid=%7B", "x=1e999999", "flag=%C0%AF", "many=1&many=x", "n=1&n=2",
        "n=%ED%A0%80", "n=" + new string('9', 10_000), "%=%", "&&&=&", "n=%2", "n=%%31",
    ];

    [Test]
    public async Task Hostile_query_and_route_values_are_4xx_or_ignored_never_500()
    {
        await using MicroWebTestHost host = Start(out ListLoggerProvider logs);
        using HttpClient client = host.CreateClient();

        foreach (string query in s_queries)
        {
            using var response = await client.GetAsync("/hostile/query?" + query);
            Assert.That((int)response.StatusCode, Is.LessThan(500), query);
        }
        foreach (string id in new[] { "99999999999", "-99999999999", "%zz", "1%00", "%C0%AF", "%ED%A0%80" })
        {
            using var response = await client.GetAsync("/hostile/" + id);
            Assert.That((int)response.StatusCode, Is.InRange(400, 499), id);
        }

        AssertNoErrorLogged(logs);
    }

    private static readonly object[] s_bodies =
    [
        new object[] { "application/json", "{" },
        new object[] { "application/json", "{\"quantity\":99999999999}" },
        new object[] { "application/json", "{\"quantity\":\"x\"}" },
        new object[] { "application/json", "{\"when\":\"2024-13-45\"}" },
        new object[] { "application/json", "{\"shade\":\"Blue\"}" },
        new object[] { "application/json", "[1,2]" },
        new object[] { "application/json", "null" },
        new object[] { "application/json", new string('[', 10_000) + new string(']', 10_000) },
        new object[] { "application/json", "{\"item\":\"\\ud800\"}" },
        new object[] { "application/json", "\u00ff\u00fe" },
        new object[] { "text/plain", "{\"item\":\"a\"}" },
        new object[] { "application/json; charset=utf-16", "{}" },
    ];

    [TestCaseSource(nameof(s_bodies))]
    public Task Hostile_json_bodies_are_4xx_never_500(string contentType, string body) => PostIsNot500Async("/hostile/json", contentType, body);

    [TestCase("{", "is not valid JSON at line 1, position 2.")]
    [TestCase("{\"quantity\":99999999999}", "has the wrong kind of value at $.quantity at line 1, position 24: expected a whole number.")]
    [TestCase("{\"quantity\":\"x\"}", "has the wrong kind of value at $.quantity at line 1, position 16: expected a whole number.")]
    [TestCase("{\"when\":\"2024-13-45\"}", "has the wrong kind of value at $.when at line 1, position 21: expected a date and time as a string (ISO 8601).")]
    [TestCase("{\"shade\":\"Blue\"}", "has the wrong kind of value at $.shade at line 1, position 16: expected one of Red, Green.")]
    [TestCase("[1,2]", "has the wrong kind of value at $ at line 1, position 2: expected an object.")]
    public async Task A_bad_json_body_is_described_by_place_and_shape_never_by_dotnet_type(string body, string expected)
    {
        await using MicroWebTestHost host = Start(out _);
        using HttpClient client = host.CreateClient();

        using var response = await client.PostAsync("/hostile/json", new StringContent(body, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();

        Assert.That((int)response.StatusCode, Is.EqualTo(400));
        Assert.That(text, Does.Contain("The JSON body for 'order' " + expected));
        Assert.That(text, Does.Not.Contain("MicroWeb").And.Not.Contain("System.").And.Not.Contain("Order").And.Not.Contain("Int32"));
    }

    [TestCase("$", typeof(Order))]
    [TestCase("$.quantity", typeof(int))]
    [TestCase("$.Item", typeof(string))]
    [TestCase("$['when']", typeof(DateTime))]
    [TestCase("$.missing", null)]
    public void The_declared_type_at_a_json_path_is_found(string path, Type? expected)
    {
        Assert.That(MicroWeb.Controllers.JsonBodyError.TypeAt(typeof(Order), path), Is.EqualTo(expected));
    }

    [Test]
    public void Element_types_are_followed_through_arrays_and_lists()
    {
        Assert.That(MicroWeb.Controllers.JsonBodyError.TypeAt(typeof(List<Order[]>), "$[0][1].shade"), Is.EqualTo(typeof(Shade)));
        Assert.That(MicroWeb.Controllers.JsonBodyError.Shape(typeof(int[])), Is.EqualTo("an array"));
        Assert.That(MicroWeb.Controllers.JsonBodyError.Shape(typeof(bool?)), Is.EqualTo("true or false"));
    }

    /// <summary>Posts <paramref name="body"/> (each char one byte, so invalid UTF-8 can be sent) and expects no 500 and no error log line.</summary>
    private static async Task PostIsNot500Async(string path, string contentType, string body)
    {
        await using MicroWebTestHost host = Start(out ListLoggerProvider logs);
        using HttpClient client = host.CreateClient();
        using var content = new ByteArrayContent(Encoding.Latin1.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await client.PostAsync(path, content);

        Assert.That((int)response.StatusCode, Is.LessThan(500), await response.Content.ReadAsStringAsync());
        AssertNoErrorLogged(logs);
    }

    [Test]
    public async Task Hostile_cookies_and_auth_tickets_are_treated_as_absent()
    {
        await using MicroWebTestHost host = Start(out ListLoggerProvider logs);
        using HttpClient client = host.CreateClient(new MicroWebTestClientOptions { HandleCookies = false });

        foreach (string cookie in new[] { "microweb.auth=%zz", "microweb.auth=!!!!", "microweb.auth=AAAA", "microweb.csrf=@@@", "n=99999999999", "n=%", "=;=;;", "n=\"x", "microweb.auth=" + new string('A', 4000) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/hostile/cookie");
            request.Headers.TryAddWithoutValidation("Cookie", cookie);
            using var response = await client.SendAsync(request);
            Assert.That((int)response.StatusCode, Is.LessThan(500), cookie);
        }

        AssertNoErrorLogged(logs);
    }

    private static readonly object[] s_forms =
    [
        new object[] { "application/x-www-form-urlencoded", "n=%zz&text=%" },
        new object[] { "application/x-www-form-urlencoded", "n=99999999999&text=%C0%AF%ED%A0%80" },
        new object[] { "application/x-www-form-urlencoded", "n=1&n=2&&=&%=%" },
        new object[] { "application/x-www-form-urlencoded; charset=klingon", "n=1" },
        new object[] { "multipart/form-data", "--x\r\n\r\n" },
        new object[] { "multipart/form-data; boundary=", "--\r\n" },
        new object[] { "multipart/form-data; boundary=\"", "--\"\r\n" },
        new object[] { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n1" },
        new object[] { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name*=UTF-8''%zz\r\n\r\n1\r\n--x--\r\n" },
        new object[] { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename*=klingon''%FF\r\n\r\n1\r\n--x--\r\n" },
        new object[] { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"n\r\n\r\n1\r\n--x--\r\n" },
        new object[] { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: \u00ff\r\n\r\n1\r\n--x--\r\n" },
        new object[] { "multipart/form-data; boundary=x", "--x\r\nNoColon\r\n\r\n1\r\n--x--\r\n" },
        new object[] { "multipart/form-data; boundary=x", "--x--\r\n" },
        new object[] { "multipart/form-data; boundary=" + new string('b', 500), "--b\r\n" },
    ];

    [TestCaseSource(nameof(s_forms))]
    public Task Hostile_form_bodies_are_4xx_or_ignored_never_500(string contentType, string body) => PostIsNot500Async("/hostile/form", contentType, body);
}
