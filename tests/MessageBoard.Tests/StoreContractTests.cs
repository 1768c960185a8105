using System.Net;
using MessageBoard.Data;
using MessageBoard.Tests.Support;
using Npgsql;

namespace MessageBoard.Tests;

/// <summary>
/// What every store must do, run against each provider: the SQLite file and a real PostgreSQL. The board's
/// controllers rely on exactly this behaviour, so a provider that passes here behaves the same in the app.
/// </summary>
public abstract class StoreContractTests
{
    private IAsyncDisposable? _cleanup;

    protected IUserStore Users { get; private set; } = null!;

    protected IMessageStore Messages { get; private set; } = null!;

    /// <summary>Fresh, empty stores and what disposes them.</summary>
    protected abstract Task<(IUserStore Users, IMessageStore Messages, IAsyncDisposable Cleanup)> CreateStoresAsync();

    /// <summary>Settings that point the whole board at a fresh database of this provider.</summary>
    protected abstract Task<(string Key, string Value)[]> BoardSettingsAsync();

    [SetUp]
    public async Task CreateStores() => (Users, Messages, _cleanup) = await CreateStoresAsync();

    [TearDown]
    public async Task DisposeStores()
    {
        if (_cleanup is not null) await _cleanup.DisposeAsync();
    }

    [Test]
    public async Task Messages_list_newest_first_with_their_authors_and_the_time_they_were_written()
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-1);
        var ada = (await Users.CreateAsync("ada", "h"))!;
        var bob = (await Users.CreateAsync("bob", "h"))!;
        long first = await Messages.AddAsync(ada.Id, "one");
        long second = await Messages.AddAsync(bob.Id, "two");
        long third = await Messages.AddAsync(ada.Id, "three");

        var page = await Messages.ListAsync(0, 10);

        Assert.That(page.Total, Is.EqualTo(3));
        Assert.That(page.Messages.Select(m => (m.Id, m.Author, m.Text)), Is.EqualTo(new[] { (third, "ada", "three"), (second, "bob", "two"), (first, "ada", "one") }));
        Assert.That(page.Messages.Select(m => m.CreatedAt), Has.All.InRange(before, DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.That((await Messages.FindAsync(second))!.UserId, Is.EqualTo(bob.Id));
        Assert.That(await Messages.FindAsync(third + 1000), Is.Null);
    }

    [Test]
    public async Task Pages_skip_and_take_and_count_all_messages_or_one_users()
    {
        var ada = (await Users.CreateAsync("ada", "h"))!;
        var bob = (await Users.CreateAsync("bob", "h"))!;
        var ids = new List<long>();
        for (int i = 0; i < 7; i++) ids.Add(await Messages.AddAsync(i % 2 == 0 ? ada.Id : bob.Id, $"m{i}"));

        var second = await Messages.ListAsync(3, 3);
        var last = await Messages.ListAsync(6, 3);
        var beyond = await Messages.ListAsync(9, 3);
        var adas = await Messages.ListByUserAsync(ada.Id, 1, 2);

        Assert.That(second.Messages.Select(m => m.Text), Is.EqualTo(new[] { "m3", "m2", "m1" }));
        Assert.That((second.Total, last.Total, beyond.Total), Is.EqualTo((7, 7, 7)));
        Assert.That(last.Messages.Select(m => m.Text), Is.EqualTo(new[] { "m0" }));
        Assert.That(beyond.Messages, Is.Empty);
        Assert.That(adas.Messages.Select(m => m.Text), Is.EqualTo(new[] { "m4", "m2" }));
        Assert.That(adas.Total, Is.EqualTo(4));
    }

    [Test]
    public async Task User_names_are_unique_ignoring_case_and_found_ignoring_case()
    {
        var ada = await Users.CreateAsync("Ada_1", "hash");

        Assert.That(ada, Is.Not.Null);
        Assert.That(await Users.CreateAsync("ada_1", "other"), Is.Null);
        Assert.That(await Users.CreateAsync("ADA_1", "other"), Is.Null);
        var found = await Users.FindByNameAsync("aDA_1");
        Assert.That(found, Is.EqualTo(ada));
        Assert.That(found!.Name, Is.EqualTo("Ada_1"), "the name keeps the case it was registered with");
        Assert.That(await Users.FindByNameAsync("ada_2"), Is.Null);
    }

    [Test]
    public async Task Deleting_a_message_removes_that_one_only()
    {
        var ada = (await Users.CreateAsync("ada", "h"))!;
        long keep = await Messages.AddAsync(ada.Id, "keep");
        long gone = await Messages.AddAsync(ada.Id, "gone");

        await Messages.DeleteAsync(gone);

        Assert.That(await Messages.FindAsync(gone), Is.Null);
        Assert.That((await Messages.ListAsync(0, 10)).Messages.Select(m => m.Id), Is.EqualTo(new[] { keep }));
    }

    [Test]
    public async Task Security_stamps_are_random_per_user_and_rotate_for_that_user_only()
    {
        var ada = (await Users.CreateAsync("ada", "h1"))!;
        var bob = (await Users.CreateAsync("bob", "h2"))!;
        Assert.That(ada.SecurityStamp, Does.Match("^[0-9a-f]{32}$").And.Not.EqualTo(bob.SecurityStamp));
        Assert.That(await Users.GetSecurityStampAsync(ada.Id), Is.EqualTo(ada.SecurityStamp));
        Assert.That((await Users.FindByNameAsync("ada"))!.SecurityStamp, Is.EqualTo(ada.SecurityStamp));

        await Users.RotateSecurityStampAsync(ada.Id);

        Assert.That(await Users.GetSecurityStampAsync(ada.Id), Does.Match("^[0-9a-f]{32}$").And.Not.EqualTo(ada.SecurityStamp));
        Assert.That(await Users.GetSecurityStampAsync(bob.Id), Is.EqualTo(bob.SecurityStamp));
        Assert.That(await Users.GetSecurityStampAsync(ada.Id + bob.Id + 1000), Is.Null);
    }

    [Test]
    public async Task A_password_hash_can_be_replaced_for_one_user()
    {
        var ada = (await Users.CreateAsync("ada", "old-ada"))!;
        var bob = (await Users.CreateAsync("bob", "old-bob"))!;

        await Users.SetPasswordHashAsync(ada.Id, "new-ada");

        Assert.That((await Users.FindByNameAsync("ada"))!.PasswordHash, Is.EqualTo("new-ada"));
        Assert.That((await Users.FindByNameAsync("bob"))!.PasswordHash, Is.EqualTo("old-bob"));
        Assert.That((await Users.FindByNameAsync("ada"))!.SecurityStamp, Is.EqualTo(ada.SecurityStamp));
    }

    [Test]
    public async Task Through_the_board_only_the_author_can_delete_a_message_and_logout_ends_other_sessions()
    {
        await using var board = new BoardHost(await BoardSettingsAsync());
        var ada = await board.RegisterAsync("ada");
        var bob = await board.RegisterAsync("bob");
        using (var posted = await BoardApp.PostMessageAsync(ada, "ada's")) Assert.That(posted.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        long id = BoardApp.LastMessageId(await ada.GetStringAsync("/"));

        using (var denied = await BoardApp.PostFormAsync(bob, "/", $"/messages/{id}/delete"))
        {
            Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }
        Assert.That(await ada.GetStringAsync("/"), Does.Contain($"id=\"message-{id}\""));
        using (var deleted = await BoardApp.PostFormAsync(ada, "/", $"/messages/{id}/delete"))
        {
            Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.Found));
        }
        Assert.That(await ada.GetStringAsync("/"), Does.Not.Contain($"id=\"message-{id}\""));
        using (var registerTaken = await BoardApp.PostFormAsync(board.CreateClient(), "/register", "/register", ("username", "ADA"), ("password", "correct horse")))
        {
            Assert.That(registerTaken.StatusCode, Is.Not.EqualTo(HttpStatusCode.Found), "ADA is ada");
        }
    }
}

public sealed class SqliteStoreContractTests : StoreContractTests
{
    protected override Task<(IUserStore Users, IMessageStore Messages, IAsyncDisposable Cleanup)> CreateStoresAsync()
    {
        string path = Path.Combine(Path.GetTempPath(), $"messageboard-test-{Guid.NewGuid():N}.db");
        var database = new SqliteDatabase(path);
        database.EnsureCreated();
        return Task.FromResult<(IUserStore, IMessageStore, IAsyncDisposable)>(
            (new SqliteUserStore(database), new SqliteMessageStore(database), new Cleanup(() => BoardApp.DeleteDatabase(path))));
    }

    protected override Task<(string Key, string Value)[]> BoardSettingsAsync() => Task.FromResult<(string, string)[]>([]);

    private sealed class Cleanup(Action action) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            action();
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class PostgresStoreContractTests : StoreContractTests
{
    protected override async Task<(IUserStore Users, IMessageStore Messages, IAsyncDisposable Cleanup)> CreateStoresAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await SharedPostgres.CreateDatabaseAsync());
        await new PostgresDatabase(dataSource).MigrateAsync();
        return (new PostgresUserStore(dataSource), new PostgresMessageStore(dataSource), dataSource);
    }

    protected override async Task<(string Key, string Value)[]> BoardSettingsAsync() =>
        [("MessageBoard:Provider", "postgres"), ("ConnectionStrings:MessageBoard", await SharedPostgres.CreateDatabaseAsync())];
}
