using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace MicroWeb.Middleware.LiveReload;

/// <summary>
/// Watches the app's template and static folders and tells every subscriber what changed, once per burst of file
/// events: editors write a file in several steps (truncate, write, rename), so events are collected until
/// <see cref="Debounce"/> passes without one. A burst of only <c>.css</c> files is a stylesheet change (the page swaps
/// its stylesheets); anything else reloads the page.
/// </summary>
internal sealed class ContentChangeWatcher : IDisposable
{
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(80);

    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _timer;
    private readonly Lock _lock = new();
    private readonly HashSet<Channel<ContentChange>> _subscribers = [];
    // Guarded by _lock: the burst being collected.
    private readonly string[] _delayed;
    private readonly long _delayMs;
    private bool _pending;
    private bool _onlyCss = true;
    private bool _touchedDelayed;
    private long _lastEvent;
    private string? _css;
    private bool _stopped;

    /// <param name="folders">Absolute folder paths; those that do not exist are skipped.</param>
    /// <param name="delayed">Those of <paramref name="folders"/> whose changes wait <paramref name="delay"/> after the last event.</param>
    /// <param name="delay">How long changes in <paramref name="delayed"/> wait.</param>
    /// <param name="logger">Told when a folder cannot be watched (the system's limit of inotify instances, say).</param>
    public ContentChangeWatcher(IEnumerable<string> folders, string[] delayed, TimeSpan delay, ILogger? logger)
    {
        _delayed = delayed;
        _delayMs = (long)delay.TotalMilliseconds;
        _timer = new Timer(_ => Publish(), null, Timeout.Infinite, Timeout.Infinite);
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder)) continue;
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
            };
            watcher.Changed += OnChanged;
            watcher.Created += OnChanged;
            watcher.Deleted += OnChanged;
            watcher.Renamed += OnChanged;
            _watchers.Add(watcher);
            try
            {
                watcher.EnableRaisingEvents = true;
            }
            catch (IOException e)
            {
                // Development tooling must not stop the app from starting: pages just do not reload by themselves.
                logger?.LogWarning(e, "Live reload cannot watch {Folder}: {Reason}", folder, e.Message);
                continue;
            }
            Folders.Add(folder);
        }
    }

    /// <summary>The folders being watched.</summary>
    public List<string> Folders { get; } = [];

    /// <summary>A reader of the changes from now on; null once stopping. Unsubscribe when done.</summary>
    public Channel<ContentChange>? Subscribe()
    {
        // Only the latest few matter: a client that fell behind reloads anyway.
        var channel = Channel.CreateBounded<ContentChange>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_lock)
        {
            if (_stopped) return null;
            _subscribers.Add(channel);
        }
        return channel;
    }

    public void Unsubscribe(Channel<ContentChange> channel)
    {
        lock (_lock) _subscribers.Remove(channel);
    }

    /// <summary>Ends every subscription (graceful shutdown: the event streams finish, their connections can close).</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopped = true;
            foreach (var channel in _subscribers) channel.Writer.TryComplete();
            _subscribers.Clear();
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        // A name with a line break could not be sent as one data line of an event: such a file reloads the page.
        var css = string.Equals(Path.GetExtension(e.FullPath), ".css", StringComparison.OrdinalIgnoreCase)
            && e.FullPath.AsSpan().IndexOfAny('\r', '\n') < 0;
        var delayed = false;
        foreach (var folder in _delayed) delayed |= e.FullPath.StartsWith(folder, StringComparison.Ordinal);
        lock (_lock)
        {
            // After Stop the timer may be disposed; a late event has nobody to tell anyway.
            if (_stopped) return;
            _pending = true;
            _lastEvent = Environment.TickCount64;
            _touchedDelayed |= delayed;
            _onlyCss &= css;
            if (css) _css = Path.GetFileName(e.FullPath);
            _timer.Change(Debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Publish()
    {
        lock (_lock)
        {
            if (!_pending || _stopped) return;
            var wait = _touchedDelayed ? _delayMs - (Environment.TickCount64 - _lastEvent) : 0;
            if (wait > 0)
            {
                _timer.Change(wait, Timeout.Infinite);
                return;
            }
            var change = _onlyCss ? new ContentChange(ContentChangeKind.Stylesheet, _css!) : new ContentChange(ContentChangeKind.Page, "");
            _pending = false;
            _touchedDelayed = false;
            _onlyCss = true;
            _css = null;
            foreach (var channel in _subscribers) channel.Writer.TryWrite(change);
        }
    }

    public void Dispose()
    {
        Stop();
        foreach (var watcher in _watchers) watcher.Dispose();
        _timer.Dispose();
    }
}
