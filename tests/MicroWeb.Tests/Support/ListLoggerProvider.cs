using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Tests.Support;

/// <summary>Captures log lines so tests can assert what the server logged, or wait until it logs something.</summary>
internal sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Completes with the first message (already logged or logged later) that <paramref name="match"/> accepts.</summary>
    public Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            foreach (var entry in Entries)
                if (match(entry.Message)) return Task.FromResult(entry.Message);
            _waiters.Add((match, found));
        }
        return found.Task.WaitAsync(timeout);
    }

    public void Dispose() { }

    private void Add(LogLevel level, string category, string message, Exception? exception)
    {
        lock (_lock)
        {
            Entries.Enqueue((level, category, message, exception));
            foreach (var (match, found) in _waiters)
                if (match(message)) found.TrySetResult(message);
        }
    }

    private sealed class Logger(ListLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(logLevel, category, formatter(state, exception), exception);
    }
}
