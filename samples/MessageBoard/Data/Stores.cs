using Microsoft.Data.Sqlite;

namespace MessageBoard.Data;

/// <summary>A message as stored, with its author's name.</summary>
public sealed record Message(long Id, long UserId, string Author, string Text, DateTimeOffset CreatedAt);

/// <summary>
/// A registered user. <paramref name="SecurityStamp"/> is a random value that goes into every sign-in cookie and
/// changes when the user logs out, which makes every earlier cookie of theirs invalid.
/// </summary>
public sealed record UserAccount(long Id, string Name, string PasswordHash, string SecurityStamp);

/// <summary>One page of messages and the total count, for the pager.</summary>
public sealed record MessagePage(IReadOnlyList<Message> Messages, int Total);

public interface IMessageStore
{
    Task<long> AddAsync(long userId, string text);

    Task<Message?> FindAsync(long id);

    Task<MessagePage> ListAsync(int skip, int take);

    Task<MessagePage> ListByUserAsync(long userId, int skip, int take);

    Task DeleteAsync(long id);
}

public interface IUserStore
{
    Task<UserAccount?> FindByNameAsync(string name);

    /// <summary>Creates the user with a fresh security stamp; null when the name is taken (names compare case-insensitively).</summary>
    Task<UserAccount?> CreateAsync(string name, string passwordHash);

    /// <summary>The user's current security stamp; null when there is no such user.</summary>
    Task<string?> GetSecurityStampAsync(long userId);

    /// <summary>Gives the user a new security stamp, so no cookie issued before it authenticates any more.</summary>
    Task RotateSecurityStampAsync(long userId);

    /// <summary>Replaces the user's password hash (a rehash at a higher cost after a successful login).</summary>
    Task SetPasswordHashAsync(long userId, string passwordHash);
}

/// <summary>The SQLite file: opens connections and creates the schema.</summary>
public sealed class SqliteDatabase : IBoardDatabase
{
    /// <summary>SQLITE_CANTOPEN: the file or its folder is missing or not accessible.</summary>
    private const int CantOpen = 14;

    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = true }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public string Provider => "sqlite";

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The file cannot be opened: deleted folder, a volume gone, permissions.</summary>
    public bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: CantOpen }) return true;
        }
        return false;
    }

    public void EnsureCreated()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                name          TEXT NOT NULL UNIQUE COLLATE NOCASE,
                password_hash TEXT NOT NULL,
                created_at    INTEGER NOT NULL
            );
            CREATE TABLE IF NOT EXISTS messages (
                id         INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id    INTEGER NOT NULL REFERENCES users(id),
                text       TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE INDEX IF NOT EXISTS ix_messages_user ON messages(user_id, id);
            """;
        command.ExecuteNonQuery();
        AddSecurityStamps(connection);
    }

    /// <summary>A random security stamp: 16 bytes as hex, in SQL so the migration below can give one to each row.</summary>
    internal const string NewStamp = "lower(hex(randomblob(16)))";

    /// <summary>
    /// Adds <c>users.security_stamp</c> when it is missing (a database from before the column, or a new one: one path
    /// for both) and gives every existing user a stamp; a no-op when the column is there. Cookies from before carry no
    /// stamp, so those users sign in once more.
    /// </summary>
    private static void AddSecurityStamps(SqliteConnection connection)
    {
        using var check = connection.CreateCommand();
        check.CommandText = "SELECT COUNT(*) FROM pragma_table_info('users') WHERE name = 'security_stamp'";
        if ((long)check.ExecuteScalar()! > 0) return;

        using var transaction = connection.BeginTransaction();
        using var migrate = connection.CreateCommand();
        migrate.Transaction = transaction;
        // ADD COLUMN takes only a constant default; the UPDATE then gives each row its own random stamp.
        migrate.CommandText = $"""
            ALTER TABLE users ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
            UPDATE users SET security_stamp = {NewStamp};
            """;
        migrate.ExecuteNonQuery();
        transaction.Commit();
    }
}

public sealed class SqliteUserStore(SqliteDatabase database) : IUserStore
{
    public async Task<UserAccount?> FindByNameAsync(string name)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, name, password_hash, security_stamp FROM users WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new UserAccount(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    public async Task<UserAccount?> CreateAsync(string name, string passwordHash)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO users (name, password_hash, created_at, security_stamp) VALUES ($name, $hash, $now, {SqliteDatabase.NewStamp})
            ON CONFLICT (name) DO NOTHING
            RETURNING id, security_stamp
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$hash", passwordHash);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new UserAccount(reader.GetInt64(0), name, passwordHash, reader.GetString(1)) : null;
    }

    // One lookup by primary key per authenticated request (see MessageBoardApp): no cache, so a logout is seen at
    // once by every process sharing the file, and there is no invalidation to get wrong.
    public async Task<string?> GetSecurityStampAsync(long userId)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT security_stamp FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", userId);
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task RotateSecurityStampAsync(long userId)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE users SET security_stamp = {SqliteDatabase.NewStamp} WHERE id = $id";
        command.Parameters.AddWithValue("$id", userId);
        await command.ExecuteNonQueryAsync();
    }

    public async Task SetPasswordHashAsync(long userId, string passwordHash)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET password_hash = $hash WHERE id = $id";
        command.Parameters.AddWithValue("$hash", passwordHash);
        command.Parameters.AddWithValue("$id", userId);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class SqliteMessageStore(SqliteDatabase database) : IMessageStore
{
    private const string Select = """
        SELECT m.id, m.user_id, u.name, m.text, m.created_at
        FROM messages m JOIN users u ON u.id = m.user_id
        """;

    public async Task<long> AddAsync(long userId, string text)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO messages (user_id, text, created_at) VALUES ($user, $text, $now) RETURNING id";
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$text", text);
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<Message?> FindAsync(long id)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = Select + " WHERE m.id = $id";
        command.Parameters.AddWithValue("$id", id);
        var messages = await ReadAsync(command);
        return messages.Count > 0 ? messages[0] : null;
    }

    public Task<MessagePage> ListAsync(int skip, int take) => PageAsync(null, skip, take);

    public Task<MessagePage> ListByUserAsync(long userId, int skip, int take) => PageAsync(userId, skip, take);

    public async Task DeleteAsync(long id)
    {
        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM messages WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<MessagePage> PageAsync(long? userId, int skip, int take)
    {
        await using var connection = database.Open();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM messages WHERE $user IS NULL OR user_id = $user";
        count.Parameters.AddWithValue("$user", (object?)userId ?? DBNull.Value);
        int total = Convert.ToInt32(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        await using var command = connection.CreateCommand();
        command.CommandText = Select + " WHERE $user IS NULL OR m.user_id = $user ORDER BY m.id DESC LIMIT $take OFFSET $skip";
        command.Parameters.AddWithValue("$user", (object?)userId ?? DBNull.Value);
        command.Parameters.AddWithValue("$take", take);
        command.Parameters.AddWithValue("$skip", skip);
        return new MessagePage(await ReadAsync(command), total);
    }

    private static async Task<List<Message>> ReadAsync(SqliteCommand command)
    {
        var messages = new List<Message>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            messages.Add(new Message(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
        }
        return messages;
    }
}
