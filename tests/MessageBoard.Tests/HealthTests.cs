using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MessageBoard.Tests;

/// <summary>The board's liveness and readiness endpoints, readiness asking its database.</summary>
public sealed class HealthTests
{
    [Test]
    public async Task Liveness_and_readiness_answer_and_readiness_names_the_database_check()
    {
        await using var board = new BoardHost();
        var client = board.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/readyz");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var live = await client.GetAsync("/healthz");
        using var ready = await client.SendAsync(request);
        using var json = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());

        Assert.That((live.StatusCode, await live.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "Healthy")));
        Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString(), Is.EqualTo("Healthy"));
    }
}
