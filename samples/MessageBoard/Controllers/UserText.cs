using System.Text;

namespace MessageBoard.Controllers;

/// <summary>What the board does to text users post before storing it.</summary>
public static class UserText
{
    /// <summary>
    /// Removes NUL and the other control characters (C0 and C1, which no message needs and which some databases and
    /// terminals mishandle), keeping tabs and line breaks (CRLF becomes LF). Bidirectional overrides such as U+202E
    /// stay: they are legitimate in right-to-left text, and the page contains their effect by isolating each message
    /// (<c>dir="auto"</c> on its element, templates/partials/message.html).
    /// </summary>
    public static string Clean(string text)
    {
        var index = text.AsSpan().IndexOfAnyInRange('\0', '\u001f');
        var c1 = text.AsSpan().IndexOfAnyInRange('\u007f', '\u009f');
        if (index < 0 && c1 < 0) return text;

        var cleaned = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') continue;
            if (c is '\t' or '\n') cleaned.Append(c);
            else if (c == '\r') cleaned.Append('\n');
            else if (!char.IsControl(c)) cleaned.Append(c);
        }

        return cleaned.ToString();
    }
}
