// The reader's own app, as the docs' prose assumes it: the stores, the clock, a health check, the app's Build method.
// Compiled once into an assembly of its own (SnippetCompiler), so a snippet that declares one of these types wins.
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MicroWeb;

public sealed record Message(int Id, string Author, string Text);

public sealed record NewMessage(string? Text);

public sealed record User(string Id, string Name, string PasswordHash, string SecurityStamp);

public interface IMessageStore
{
    Task<IReadOnlyList<Message>> ListAsync();
    Task<Message?> FindAsync(int id);
    Task AddAsync(string text);
    Task AddAsync(string userId, string text);
}

public sealed class SqliteMessageStore : IMessageStore
{
    public Task<IReadOnlyList<Message>> ListAsync() => Task.FromResult<IReadOnlyList<Message>>([]);
    public Task<Message?> FindAsync(int id) => Task.FromResult<Message?>(null);
    public Task AddAsync(string text) => Task.CompletedTask;
    public Task AddAsync(string userId, string text) => Task.CompletedTask;
}

public interface IUserStore
{
    User? Find(int id);
    Task<User?> FindAsync(string name);
    Task<string?> GetSecurityStampAsync(string userId);
    Task RotateSecurityStampAsync(string userId);
}

public interface IClock
{
    DateTimeOffset Now { get; }
}

public sealed class SystemClock : IClock
{
    public DateTimeOffset Now => DateTimeOffset.UtcNow;
}

public sealed class FixedClock : IClock
{
    public DateTimeOffset Now { get; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

public sealed class DatabaseHealthCheck : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy());
}

public static class MessageBoardApp
{
    public static MicroWebApp Build(string[] args) => MicroWebApp.CreateBuilder(args).Build();
}

public static class MyApp
{
    public static MicroWebApp Build(string[] args) => MicroWebApp.CreateBuilder(args).Build();
}

// The `dotnet new microweb` template's Program.cs builds the app in Program.Build for its tests.
public partial class Program
{
    public static MicroWebApp Build(string[] args) => MicroWebApp.CreateBuilder(args).Build();
}
