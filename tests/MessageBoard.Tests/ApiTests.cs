using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>
/// <c>/api/messages</c> over real sockets: listing with paging, reading one, creating with a JSON body (validated,
/// problem+json), deleting one's own, and what anonymous users and other users get (401, 403), signed in with the
/// board's cookie.
/// </summary>
[Parallelizable(ParallelScope.None)]
public sealed class ApiTests
{
    [Test]
    public async Task Api_create_then_get_by_id_returns_the_message_with_201_and_its_location()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");

        using var created = await CreateAsync(ada, "Hello from a script");
        var message = await ReadJsonAsync(created);
        var id = message.GetProperty("id").GetInt64();
        using var fetched = await GetAsync(app.CreateClient(), created.Headers.Location!.OriginalString);
        var read = await ReadJsonAsync(fetched);

        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(created.Headers.Location!.OriginalString, Is.EqualTo($"/api/messages/{id}"));
        Assert.That(message.GetProperty("author").GetString(), Is.EqualTo("ada"));
        Assert.That(fetched.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reading needs no sign-in");
        Assert.That(read.GetProperty("text").GetString(), Is.EqualTo("Hello from a script"));
        Assert.That(read.GetProperty("id").GetInt64(), Is.EqualTo(id));
    }

    [Test]
    public async Task Api_list_pages_newest_first_with_the_total()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        foreach (var text in new[] { "one", "two", "three" })
        {
            using var created = await CreateAsync(ada, text);
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        }
        var anonymous = app.CreateClient();

        var first = await ReadJsonAsync(await GetAsync(anonymous, "/api/messages?page=1&take=2"));
        var second = await ReadJsonAsync(await GetAsync(anonymous, "/api/messages?page=2&take=2"));
        using var tooMany = await GetAsync(anonymous, "/api/messages?take=1000");

        Assert.That(Texts(first), Is.EqualTo(new[] { "three", "two" }));
        Assert.That(Texts(second), Is.EqualTo(new[] { "one" }));
        Assert.That(first.GetProperty("total").GetInt32(), Is.EqualTo(3));
        Assert.That(second.GetProperty("page").GetInt32(), Is.EqualTo(2));
        Assert.That(tooMany.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "take is 1 to 100");
        Assert.That(tooMany.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That((await ReadJsonAsync(tooMany)).GetProperty("errors").TryGetProperty("take", out _), Is.True);
    }

    [Test]
    public async Task Api_create_by_an_anonymous_JSON_client_is_401_not_a_redirect()
    {
        await using var app = await StartAsync();

        using var response = await CreateAsync(app.CreateClient(), "who am I");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Headers.Location, Is.Null);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), "as /openapi.json describes it");
        Assert.That(Texts(await ReadJsonAsync(await GetAsync(app.CreateClient(), "/api/messages"))), Is.Empty, "nothing was stored");
    }

    [TestCase("", "Write a message first.")]
    [TestCase("   ", "Write a message first.")]
    [TestCase(null, "Write a message first.")]
    public async Task Api_create_with_an_invalid_body_is_400_problem_details_naming_the_field(string? text, string error)
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");

        using var response = await CreateAsync(ada, text);
        var problem = await ReadJsonAsync(response);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("status").GetInt32(), Is.EqualTo(400));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString(), Is.EqualTo(error));
    }

    [Test]
    public async Task Api_create_of_a_too_long_message_is_400()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");

        using var response = await CreateAsync(ada, new string('x', 1001));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("A message is 1 to 1000 characters."));
    }

    [Test]
    public async Task Api_delete_own_message_is_204_with_the_CSRF_header_and_someone_elses_is_403()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        var bob = await RegisterAsync(app, "bob");
        using var created = await CreateAsync(ada, "ada's");
        var id = (await ReadJsonAsync(created)).GetProperty("id").GetInt64();

        using var withoutToken = await DeleteAsync(ada, id, token: null);
        using var bobs = await DeleteAsync(bob, id, Csrf(await bob.GetStringAsync("/")));
        using var adas = await DeleteAsync(ada, id, Csrf(await ada.GetStringAsync("/")));
        using var gone = await GetAsync(ada, $"/api/messages/{id}");
        using var again = await DeleteAsync(ada, id, Csrf(await ada.GetStringAsync("/")));

        Assert.That(withoutToken.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), "a cookie-authenticated DELETE without a body needs X-CSRF-Token");
        Assert.That(withoutToken.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"), "the antiforgery check's answer, as /openapi.json describes it");
        Assert.That(bobs.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await ReadJsonAsync(bobs)).GetProperty("detail").GetString(), Does.Contain("author"));
        Assert.That((await ReadJsonAsync(bobs)).GetProperty("traceId").GetString(), Is.Not.Empty, "Results.Problem's traceId");
        Assert.That(adas.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(gone.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Api_delete_by_an_anonymous_client_is_401()
    {
        await using var app = await StartAsync();
        var ada = await RegisterAsync(app, "ada");
        using var created = await CreateAsync(ada, "stays");
        var id = (await ReadJsonAsync(created)).GetProperty("id").GetInt64();
        var anonymous = app.CreateClient();

        using var response = await DeleteAsync(anonymous, id, Csrf(await anonymous.GetStringAsync("/login")));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var still = await GetAsync(anonymous, $"/api/messages/{id}");
        Assert.That(still.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string? text)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(new { text }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client.SendAsync(request);
    }

    private static Task<HttpResponseMessage> DeleteAsync(HttpClient client, long id, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/messages/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (token is not null) request.Headers.Add("X-CSRF-Token", token);
        return client.SendAsync(request);
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new AssertionException($"{(int)response.StatusCode}, not JSON: {body}");
        }
    }

    private static string[] Texts(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("text").GetString()!)];
}
