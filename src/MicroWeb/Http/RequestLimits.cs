namespace MicroWeb;

/// <summary>
/// The data-rate limits of the current request, starting from <see cref="ServerOptions"/>' values. An
/// endpoint that expects a slow client (a long poll, a big upload from a phone) can relax them for itself.
/// </summary>
public sealed class RequestLimits
{
    internal RequestLimits()
    {
    }

    /// <summary>
    /// Slowest accepted request body in bytes per second (see <see cref="ServerOptions.MinRequestBodyDataRate"/>);
    /// <c>null</c> or 0 turns the check off for this request. Takes effect at the next body read.
    /// </summary>
    public double? MinRequestBodyDataRate { get; set; }

    /// <summary>
    /// Longest a body read may wait for a byte (see <see cref="ServerOptions.RequestBodyTimeout"/>); <c>null</c>
    /// turns it off for this request. Takes effect at the next body read.
    /// </summary>
    public TimeSpan? RequestBodyTimeout { get; set; }

    /// <summary>
    /// Slowest accepted response reader in bytes per second (see <see cref="ServerOptions.MinResponseDataRate"/>);
    /// <c>null</c> or 0 turns the check off for this request.
    /// </summary>
    public double? MinResponseDataRate { get; set; }

    /// <summary>Back to the server-wide values for the next request on the connection.</summary>
    internal void Reset(double? minRequestBodyDataRate, TimeSpan? requestBodyTimeout, double? minResponseDataRate)
    {
        MinRequestBodyDataRate = minRequestBodyDataRate;
        RequestBodyTimeout = requestBodyTimeout;
        MinResponseDataRate = minResponseDataRate;
    }
}
