using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Middleware.StaticFiles;

/// <summary>
/// Where static files come from. Paths are relative to the provider's root, '/'-separated, already
/// validated by <see cref="StaticPathValidator"/>; the provider still guarantees nothing outside its root is reachable.
/// </summary>
internal interface IStaticFileProvider
{
    /// <summary>Finds a file; null when it does not exist, is a folder, or is not reachable under the provider's rules.</summary>
    StaticFileInfo? GetFile(string relativePath);

    /// <summary>True when the path names a folder inside the root.</summary>
    bool IsDirectory(string relativePath);

    /// <summary>Opens a file found by <see cref="GetFile"/> for reading.</summary>
    SafeFileHandle Open(StaticFileInfo file);
}

/// <summary>A file's identity and metadata at the time it was looked up.</summary>
internal sealed record StaticFileInfo(string PhysicalPath, long Length, DateTimeOffset LastModified);
