namespace MicroWeb.Http.Forms;

/// <summary>
/// The bytes of one uploaded file: in memory up to <see cref="FormOptions.MemoryBufferThreshold"/>, then
/// moved to a temporary file opened with <see cref="FileOptions.DeleteOnClose"/>, so <see cref="Dispose"/>
/// removes it (and the OS does when the process dies first). Written once while the form is read,
/// then only read.
/// </summary>
internal sealed class FormFileContent(int memoryThreshold) : IDisposable
{
    private const int FileBufferSize = 16 * 1024;

    private byte[] _memory = [];
    private FileStream? _file;
    private bool _disposed;

    public long Length { get; private set; }

    /// <summary>The temporary file's path once spilled; tests use it to check the file is gone after dispose.</summary>
    public string? SpillPath => _file?.Name;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_file is null && Length + data.Length <= memoryThreshold)
        {
            if (Length + data.Length > _memory.Length)
                Array.Resize(ref _memory, (int)Math.Min(memoryThreshold, Math.Max(Length + data.Length, Math.Max(256, _memory.Length * 2L))));
            data.Span.CopyTo(_memory.AsSpan((int)Length));
            Length += data.Length;
            return;
        }
        if (_file is null)
        {
            _file = CreateTempFile();
            await _file.WriteAsync(_memory.AsMemory(0, (int)Length), cancellationToken);
            _memory = [];
        }
        await _file.WriteAsync(data, cancellationToken);
        Length += data.Length;
    }

    /// <summary>Ends writing: flushes what the file stream buffered so readers see every byte.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken)
    {
        if (_file is not null)
            await _file.FlushAsync(cancellationToken);
    }

    public Stream OpenRead()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _file is null
            ? new MemoryStream(_memory, 0, (int)Length, writable: false)
            : new TempFileReadStream(_file.SafeFileHandle, Length);
    }

    public void Dispose()
    {
        _disposed = true;
        _file?.Dispose();
        _memory = [];
    }

    private static FileStream CreateTempFile()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose,
            BufferSize = FileBufferSize,
        };
        // Uploads are private to this process: the temp directory is shared with other users.
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        return new FileStream(Path.Combine(Path.GetTempPath(), "microweb-upload-" + Path.GetRandomFileName()), options);
    }
}
