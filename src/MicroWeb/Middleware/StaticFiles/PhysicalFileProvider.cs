using Microsoft.Win32.SafeHandles;

namespace MicroWeb.Middleware.StaticFiles;

/// <summary>
/// Files from a folder on disk. Containment is checked twice: the full path after <see cref="Path.GetFullPath(string)"/>
/// must lie under the root plus a separator, and (unless allowed) no path component may be a symbolic link whose
/// final target lies outside the root.
/// </summary>
/// <remarks>
/// The checks and the open are separate system calls, so someone who can create links inside the root while the
/// server runs could race them; the root is trusted to that extent.
/// </remarks>
internal sealed class PhysicalFileProvider : IStaticFileProvider
{
    // Deep or circular link chains are refused rather than followed.
    private const int MaxLinkDepth = 8;

    private static readonly StringComparison s_pathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    private readonly string _root;
    private readonly string _rootWithSeparator;
    private readonly string? _realRootWithSeparator;
    private readonly bool _allowSymlinksOutsideRoot;

    public PhysicalFileProvider(string root, bool allowSymlinksOutsideRoot)
    {
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (!Directory.Exists(_root)) throw new DirectoryNotFoundException($"The static files folder '{_root}' does not exist (StaticFileOptions.RootPath).");
        _rootWithSeparator = _root + Path.DirectorySeparatorChar;
        // A root that is itself a link (a common deployment layout) contains what its target contains.
        if (new DirectoryInfo(_root).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            _realRootWithSeparator = Path.TrimEndingDirectorySeparator(target.FullName) + Path.DirectorySeparatorChar;
        _allowSymlinksOutsideRoot = allowSymlinksOutsideRoot;
    }

    public string Root => _root;

    public StaticFileInfo? GetFile(string relativePath)
    {
        var fullPath = Resolve(relativePath);
        if (fullPath is null) return null;
        var info = new FileInfo(fullPath);
        // A link's own metadata is the link's (its length is the target path's); the served bytes are the target's.
        if (info.LinkTarget is not null) info = SafeResolve(info) as FileInfo;
        if (info is null || !info.Exists) return null;
        return new StaticFileInfo(fullPath, info.Length, info.LastWriteTimeUtc);
    }

    public bool IsDirectory(string relativePath) => Resolve(relativePath) is { } fullPath && Directory.Exists(fullPath);

    public SafeFileHandle Open(StaticFileInfo file) =>
        File.OpenHandle(file.PhysicalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>The full path for <paramref name="relativePath"/>, or null when it would leave the root.</summary>
    private string? Resolve(string relativePath)
    {
        var fullPath = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.Join(_root, relativePath.Replace('/', Path.DirectorySeparatorChar))));
        if (string.Equals(fullPath, _root, s_pathComparison)) return fullPath;
        if (!IsUnderRoot(fullPath)) return null;
        if (!_allowSymlinksOutsideRoot && !LinksStayInside(fullPath, 0)) return null;
        return fullPath;
    }

    private bool IsUnderRoot(string fullPath) =>
        fullPath.StartsWith(_rootWithSeparator, s_pathComparison)
        || (_realRootWithSeparator is not null && fullPath.StartsWith(_realRootWithSeparator, s_pathComparison));

    /// <summary>The final target of a link; null for a loop or a dangling chain, which are not servable.</summary>
    private static FileSystemInfo? SafeResolve(FileSystemInfo link)
    {
        try
        {
            return link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Checks every component below the root of <paramref name="fullPath"/>: a link must resolve (recursively) to a place inside the root.</summary>
    private bool LinksStayInside(string fullPath, int depth)
    {
        if (depth > MaxLinkDepth) return false;
        var rootLength = fullPath.StartsWith(_rootWithSeparator, s_pathComparison) ? _rootWithSeparator.Length : _realRootWithSeparator!.Length;
        var index = rootLength;
        while (index <= fullPath.Length)
        {
            var next = fullPath.IndexOf(Path.DirectorySeparatorChar, index);
            if (next < 0) next = fullPath.Length;
            var component = fullPath[..next];
            var info = new FileInfo(component);
            if (info.LinkTarget is not null)
            {
                if (SafeResolve(info) is not { } target) return false;
                var targetPath = Path.GetFullPath(target.FullName);
                if (!IsUnderRoot(targetPath) || !LinksStayInside(targetPath, depth + 1)) return false;
            }
            index = next + 1;
        }
        return true;
    }
}
