namespace MicroWeb.Http.Forms;

/// <summary>
/// The exceptions form reading throws, so that every message names the culprit the same way:
/// a broken body is 400, a body over a <see cref="FormOptions"/> limit is 413 and names the limit.
/// </summary>
internal static class FormErrors
{
    public static BadHttpRequestException LimitExceeded(string what, string limitName, long limit) =>
        new($"{what} exceeds FormOptions.{limitName} ({limit}).", 413);

    public static BadHttpRequestException Malformed(string reason) => new(reason, 400);
}
