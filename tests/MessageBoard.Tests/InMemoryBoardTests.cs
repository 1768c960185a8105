using System.Net;
using System.Text.RegularExpressions;
using MessageBoard.Data;
using Microsoft.Extensions.DependencyInjection;
using static MessageBoard.Tests.BoardApp;

namespace MessageBoard.Tests;

/// <summary>
/// The message board's escaping, SQL and paging behaviour, served in memory by MicroWebTestHost: the socket
/// is not the point here (MessageBoardTests keeps the main flow on real sockets).
/// </summary>
public sealed class InMemoryBoardTests
{
    [Test]
    public async Task The_test_host_serves_the_board_without_a_port()
    {
        await using var board = new BoardHost();
        var client = board.CreateClient();
        Assert.That(await client.GetStringAsync("/"), Does.Contain("href=\"/login\""));
        Assert.That(board.Host.App.Urls, Is.Empty);
    }

    [Test]
    public async Task Script_in_a_message_is_rendered_escaped()
    {
        await using var board = new BoardHost();
        var ada = await board.RegisterAsync("ada");
        using (var post = await PostMessageAsync(ada, "<script>alert(1)</script>"))
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        foreach (string path in new[] { "/", "/users/ada" })
        {
            string html = await ada.GetStringAsync(path);
            Assert.That(html, Does.Contain("&lt;script&gt;alert(1)&lt;/script&gt;"), path);
            Assert.That(html, Does.Not.Contain("<script>alert(1)"), path);
        }
    }

    [Test]
    public async Task Control_characters_are_stripped_and_each_message_is_isolated_for_bidi()
    {
        await using var board = new BoardHost();
        var ada = await board.RegisterAsync("ada");
        using (var post = await PostMessageAsync(ada, "a\0b\u0007c\u0085d\r\nline two\ttab \u202Eevil\u202C"))
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }

        var stored = (await board.Services.GetRequiredService<IMessageStore>().ListAsync(0, 10)).Messages.Single().Text;
        string html = await ada.GetStringAsync("/");

        Assert.That(stored, Is.EqualTo("abcd\nline two\ttab \u202Eevil\u202C"), "NUL and controls go, tabs and line breaks stay, bidi marks stay");
        // Ordinal: culture-aware comparison ignores NUL and bidi marks, and would pass either way.
        Assert.That(html.Contains("<p class=\"message-text\" dir=\"auto\">abcd\nline two\ttab \u202Eevil\u202C</p>", StringComparison.Ordinal), Is.True,
            "dir=auto isolates the message, so an override inside it cannot reorder the page around it");
        Assert.That(html.Contains('\0'), Is.False);
    }

    [Test]
    public async Task A_message_of_only_control_characters_is_empty()
    {
        await using var board = new BoardHost();
        var ada = await board.RegisterAsync("ada");

        using var post = await PostMessageAsync(ada, "\0\0\u0001");

        Assert.That(post.StatusCode, Is.EqualTo((HttpStatusCode)422));
        Assert.That(await post.Content.ReadAsStringAsync(), Does.Contain("Write a message first."));
    }

    [Test]
    public async Task Sql_metacharacters_are_stored_verbatim()
    {
        const string text = "'); DROP TABLE messages;--";
        await using var board = new BoardHost();
        var ada = await board.RegisterAsync("ada");
        using (var post = await PostMessageAsync(ada, text))
        {
            Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        var store = board.Services.GetRequiredService<IMessageStore>();
        Assert.That((await store.ListAsync(0, 10)).Messages.Select(m => m.Text), Is.EqualTo(new[] { text }));
        Assert.That(await ada.GetStringAsync("/"), Does.Contain("DROP TABLE messages;--"));

        using var again = await PostMessageAsync(ada, "still here");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        Assert.That((await store.ListAsync(0, 10)).Total, Is.EqualTo(2));
    }

    [Test]
    public async Task The_board_is_paged_newest_first()
    {
        await using var board = new BoardHost();
        var ada = await board.RegisterAsync("ada");
        var user = await board.Services.GetRequiredService<IUserStore>().FindByNameAsync("ada");
        var store = board.Services.GetRequiredService<IMessageStore>();
        for (int i = 1; i <= 45; i++) await store.AddAsync(user!.Id, $"Message number {i}.");

        string first = await ada.GetStringAsync("/");
        Assert.That(Items(first), Has.Count.EqualTo(20));
        Assert.That(first.IndexOf("Message number 45.", StringComparison.Ordinal), Is.LessThan(first.IndexOf("Message number 44.", StringComparison.Ordinal)));
        Assert.That(first, Does.Contain("Message number 26.").And.Not.Contain("Message number 25."));
        Assert.That(first, Does.Contain("href=\"/?page=2\"").And.Contain("Page 1 of 3"));

        string second = await ada.GetStringAsync("/?page=2");
        Assert.That(Items(second), Has.Count.EqualTo(20));
        Assert.That(second, Does.Contain("Message number 25.").And.Contain("Message number 6.").And.Not.Contain("Message number 26."));

        string third = await ada.GetStringAsync("/?page=3");
        Assert.That(Items(third), Has.Count.EqualTo(5));
        Assert.That(third, Does.Contain("Message number 1.").And.Not.Contain("rel=\"next\""));

        using var beyond = await ada.GetAsync("/?page=4");
        Assert.That(beyond.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        using var zero = await ada.GetAsync("/?page=0");
        Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        string userPage = await ada.GetStringAsync("/users/ada?page=3");
        Assert.That(Items(userPage), Has.Count.EqualTo(5));
    }

    [Test]
    public async Task The_user_page_lists_only_that_users_messages()
    {
        await using var board = new BoardHost();
        var ada = await board.RegisterAsync("ada");
        var bob = await board.RegisterAsync("bob");
        (await PostMessageAsync(ada, "from ada")).Dispose();
        (await PostMessageAsync(bob, "from bob")).Dispose();

        string html = await bob.GetStringAsync("/users/ada");
        Assert.That(html, Does.Contain("from ada").And.Not.Contain("from bob"));
        Assert.That(html, Does.Contain("<h1>@ada</h1>"));
        Assert.That(html, Does.Contain(">1 message<"));

        using var missing = await bob.GetAsync("/users/nobody");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task A_store_can_be_replaced_for_a_test()
    {
        await using var board = new BoardHost();
        board.Host.ConfigureServices(services => services.AddSingleton<IMessageStore, CannedMessageStore>());
        string html = await board.CreateClient().GetStringAsync("/");
        Assert.That(html, Does.Contain("Served by the fake store.").And.Contain("@fake"));
        Assert.That(Items(html), Has.Count.EqualTo(1));
    }

    private sealed class CannedMessageStore : IMessageStore
    {
        public Task<long> AddAsync(long userId, string text) => throw new NotSupportedException();

        public Task<Message?> FindAsync(long id) => Task.FromResult<Message?>(null);

        public Task<MessagePage> ListAsync(int skip, int take) =>
            Task.FromResult(new MessagePage([new Message(1, 1, "fake", "Served by the fake store.", DateTimeOffset.UnixEpoch)], 1));

        public Task<MessagePage> ListByUserAsync(long userId, int skip, int take) => ListAsync(skip, take);

        public Task DeleteAsync(long id) => Task.CompletedTask;
    }

    private static List<Match> Items(string html) => Regex.Matches(html, "<li class=\"message\"").ToList();
}
