using System.Security.Cryptography;
using Npgsql;

namespace MessageBoard.Data;

/// <summary>
/// The PostgreSQL database: a pooled <see cref="NpgsqlDataSource"/> and the schema migrations, which run at startup
/// under an advisory lock so several instances starting together apply each migration once.
/// </summary>
public sealed class PostgresDatabase(NpgsqlDataSource dataSource) : IBoardDatabase
{
    /// <summary>The advisory lock every instance takes while it migrates (any fixed bigint; this one spells "MicroWeb").</summary>
    public const long MigrationLockKey = 0x4D6963726F576562;

    /// <summary>Version i + 1 is Migrations[i]; append, never edit one that has shipped.</summary>
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE users (
            id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name           text NOT NULL,
            password_hash  text NOT NULL,
            security_stamp text NOT NULL,
            created_at     timestamptz NOT NULL DEFAULT now()
        );
        -- User names are unique ignoring case, as in SQLite's COLLATE NOCASE (names are ASCII letters, digits, _).
        CREATE UNIQUE INDEX ux_users_name ON users (lower(name));
        CREATE TABLE messages (
            id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            user_id    bigint NOT NULL REFERENCES users (id),
            text       text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX ix_messages_user ON messages (user_id, id);
        """,
    ];

    /// <summary>The schema version this build migrates to.</summary>
    public static int SchemaVersion => Migrations.Length;

    public string Provider => "postgres";

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Creates the schema or brings it up to <see cref="SchemaVersion"/>; idempotent. Holds
    /// <c>pg_advisory_lock(MigrationLockKey)</c> throughout, so concurrent callers run one after the other and the
    /// later ones find nothing to do. Each migration and its <c>schema_version</c> row commit together.
    /// </summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_lock($1)", cancellationToken, MigrationLockKey);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version    integer PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            await using var current = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
            int version = (int)(await current.ExecuteScalarAsync(cancellationToken))!;
            for (int next = version + 1; next <= Migrations.Length; next++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await ExecuteAsync(connection, Migrations[next - 1], cancellationToken);
                await ExecuteAsync(connection, "INSERT INTO schema_version (version) VALUES ($1)", cancellationToken, next);
                await transaction.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            // Also released when the session ends, should the connection break before this.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, "SELECT pg_advisory_unlock($1)", CancellationToken.None, MigrationLockKey);
            }
        }
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Npgsql's transient errors: cannot connect, connection broken, timeouts, the server shutting down or starting
    /// (57P01, 57P03, …). Clears the pool then, since its idle connections belong to a server that has gone.
    /// </summary>
    public bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true })
            {
                dataSource.Clear();
                return true;
            }
        }
        return false;
    }

    internal static string NewStamp() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object value in values) command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class PostgresUserStore(NpgsqlDataSource dataSource) : IUserStore
{
    public async Task<UserAccount?> FindByNameAsync(string name)
    {
        await using var command = dataSource.CreateCommand("SELECT id, name, password_hash, security_stamp FROM users WHERE lower(name) = lower($1)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new UserAccount(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    public async Task<UserAccount?> CreateAsync(string name, string passwordHash)
    {
        string stamp = PostgresDatabase.NewStamp();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO users (name, password_hash, security_stamp) VALUES ($1, $2, $3)
            ON CONFLICT ((lower(name))) DO NOTHING
            RETURNING id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = passwordHash });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stamp });
        return await command.ExecuteScalarAsync() is long id ? new UserAccount(id, name, passwordHash, stamp) : null;
    }

    // One lookup by primary key per authenticated request, no cache: see SqliteUserStore.
    public async Task<string?> GetSecurityStampAsync(long userId)
    {
        await using var command = dataSource.CreateCommand("SELECT security_stamp FROM users WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        return await command.ExecuteScalarAsync() as string;
    }

    public async Task RotateSecurityStampAsync(long userId)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET security_stamp = $1 WHERE id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresDatabase.NewStamp() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await command.ExecuteNonQueryAsync();
    }

    public async Task SetPasswordHashAsync(long userId, string passwordHash)
    {
        await using var command = dataSource.CreateCommand("UPDATE users SET password_hash = $1 WHERE id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = passwordHash });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class PostgresMessageStore(NpgsqlDataSource dataSource) : IMessageStore
{
    private const string Select = """
        SELECT m.id, m.user_id, u.name, m.text, m.created_at
        FROM messages m JOIN users u ON u.id = m.user_id
        """;

    public async Task<long> AddAsync(long userId, string text)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO messages (user_id, text) VALUES ($1, $2) RETURNING id");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = userId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = text });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<Message?> FindAsync(long id)
    {
        await using var command = dataSource.CreateCommand(Select + " WHERE m.id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        var messages = await ReadAsync(command);
        return messages.Count > 0 ? messages[0] : null;
    }

    public Task<MessagePage> ListAsync(int skip, int take) => PageAsync(null, skip, take);

    public Task<MessagePage> ListByUserAsync(long userId, int skip, int take) => PageAsync(userId, skip, take);

    public async Task DeleteAsync(long id)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM messages WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = id });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<MessagePage> PageAsync(long? userId, int skip, int take)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM messages WHERE $1::bigint IS NULL OR user_id = $1", connection);
        count.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = userId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        int total = checked((int)(long)(await count.ExecuteScalarAsync())!);

        await using var command = new NpgsqlCommand(Select + " WHERE $1::bigint IS NULL OR m.user_id = $1 ORDER BY m.id DESC LIMIT $2 OFFSET $3", connection);
        command.Parameters.Add(new NpgsqlParameter<long?> { TypedValue = userId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = take });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = skip });
        return new MessagePage(await ReadAsync(command), total);
    }

    private static async Task<List<Message>> ReadAsync(NpgsqlCommand command)
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
                reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return messages;
    }
}
