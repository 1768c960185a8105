namespace MicroWeb;

/// <summary>
/// What an action or a mapped handler answers with: something that knows how to write itself to the response.
/// Create the common kinds with <see cref="Results"/> or the helpers on <see cref="Controller"/>.
/// </summary>
public interface IResult
{
    /// <summary>Writes status, headers and body to <paramref name="context"/>'s response.</summary>
    Task ExecuteAsync(HttpContext context);
}
