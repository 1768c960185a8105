namespace MicroWeb.Http;

/// <summary>Character classes of RFC 9110 §5.6, as lookup tables built once.</summary>
internal static class HttpCharacters
{
    private static readonly bool[] s_token = Build("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool[] Build(string chars)
    {
        var table = new bool[128];
        foreach (var c in chars) table[c] = true;
        return table;
    }

    public static bool IsTokenChar(int c) => c < 128 && s_token[c];

    public static bool IsToken(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty) return false;
        foreach (var b in value)
            if (!IsTokenChar(b)) return false;
        return true;
    }

    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty) return false;
        foreach (var c in value)
            if (!IsTokenChar(c)) return false;
        return true;
    }

    /// <summary>field-value characters: visible ASCII, obs-text, SP and HTAB; no CR, LF, NUL or other controls.</summary>
    public static bool IsFieldValueByte(byte b) => b >= 0x20 ? b != 0x7F : b == (byte)'\t';
}
