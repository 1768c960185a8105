using MessageBoard.Data;

namespace MessageBoard.Tests;

/// <summary>The security stamp column: added to a database from before it, idempotently; rotated on demand.</summary>
public sealed class SecurityStampStoreTests
{
    [Test]
    public async Task A_database_from_before_stamps_gets_the_column_and_a_stamp_per_user_once()
    {
        string path = Path.Combine(Path.GetTempPath(), $"messageboard-test-{Guid.NewGuid():N}.db");
        try
        {
            var database = new SqliteDatabase(path);
            using (var connection = database.Open())
            using (var command = connection.CreateCommand())
            {
                // The users table as the sample created it before security stamps.
                command.CommandText = """
                    CREATE TABLE users (
                        id            INTEGER PRIMARY KEY AUTOINCREMENT,
                        name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
                        password_hash TEXT NOT NULL,
                        created_at    INTEGER NOT NULL
                    );
                    INSERT INTO users (name, password_hash, created_at) VALUES ('ada', 'h1', 0), ('bob', 'h2', 0);
                    """;
                command.ExecuteNonQuery();
            }

            database.EnsureCreated();
            var users = new SqliteUserStore(database);
            var ada = (await users.FindByNameAsync("ada"))!;
            var bob = (await users.FindByNameAsync("bob"))!;
            Assert.That(ada.SecurityStamp, Does.Match("^[0-9a-f]{32}$"));
            Assert.That(bob.SecurityStamp, Does.Match("^[0-9a-f]{32}$").And.Not.EqualTo(ada.SecurityStamp));

            database.EnsureCreated();
            Assert.That((await users.FindByNameAsync("ada"))!.SecurityStamp, Is.EqualTo(ada.SecurityStamp), "a second start changes nothing");
        }
        finally
        {
            BoardApp.DeleteDatabase(path);
        }
    }

    [Test]
    public async Task New_users_get_a_stamp_and_rotating_it_changes_only_theirs()
    {
        string path = Path.Combine(Path.GetTempPath(), $"messageboard-test-{Guid.NewGuid():N}.db");
        try
        {
            var database = new SqliteDatabase(path);
            database.EnsureCreated();
            var users = new SqliteUserStore(database);
            var ada = (await users.CreateAsync("ada", "h1"))!;
            var bob = (await users.CreateAsync("bob", "h2"))!;
            Assert.That(await users.GetSecurityStampAsync(ada.Id), Is.EqualTo(ada.SecurityStamp).And.Match("^[0-9a-f]{32}$"));

            await users.RotateSecurityStampAsync(ada.Id);

            Assert.That(await users.GetSecurityStampAsync(ada.Id), Is.Not.EqualTo(ada.SecurityStamp).And.Match("^[0-9a-f]{32}$"));
            Assert.That(await users.GetSecurityStampAsync(bob.Id), Is.EqualTo(bob.SecurityStamp));
            Assert.That(await users.GetSecurityStampAsync(999), Is.Null);
        }
        finally
        {
            BoardApp.DeleteDatabase(path);
        }
    }
}
