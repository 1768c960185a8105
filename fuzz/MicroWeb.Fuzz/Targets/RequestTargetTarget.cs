using MicroWeb.Http.Parsing;

namespace MicroWeb.Fuzz;

/// <summary>
/// <see cref="RequestTargetDecoder.DecodePath"/> over arbitrary paths (the input after a leading '/'), limited to what the
/// request parser hands it: visible ASCII without '?' (the parser rejects other target bytes first). Contract: it never
/// throws; an invalid path is null; a decoded path starts with '/', holds no NUL and no "." or ".." segment, so it can
/// never climb out of a static-file root.
/// </summary>
public static class RequestTargetTarget
{
    public static void Run(byte[] input)
    {
        if (input.Any(b => b is <= 0x20 or >= 0x7F or (byte)'?')) return;
        var raw = new byte[input.Length + 1];
        raw[0] = (byte)'/';
        input.CopyTo(raw, 1);
        var path = RequestTargetDecoder.DecodePath(raw);
        if (path is null) return;
        if (!path.StartsWith('/')) throw new FuzzInvariantException($"decoded path '{path}' does not start with '/'");
        if (path.Contains('\0')) throw new FuzzInvariantException("decoded path holds a NUL");
        if (path.Split('/').Any(segment => segment is "." or "..")) throw new FuzzInvariantException($"decoded path '{path}' keeps a dot segment");
    }
}
