using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.HttpResults;

/// <summary>A view rendered by the registered <see cref="IViewRenderer"/> and sent as <c>text/html; charset=utf-8</c>.</summary>
/// <remarks>
/// The renderer is the one resolved when the app started (<see cref="ResultServices"/>): no request scope is
/// opened for it. Rendering is synchronous and never waits for the client: the page goes into the response's
/// buffer and, past <see cref="ServerOptions.ResponseBufferSize"/>, into the connection's output, which the
/// connection flushes with an await once the response is complete. A slow reader therefore holds memory for
/// its page, not a thread.
/// </remarks>
internal sealed class ViewResult(string name, object? model, int statusCode) : IResult
{
    public string Name => name;

    public object? Model => model;

    public Task ExecuteAsync(HttpContext context)
    {
        var services = ResultServices.Of(context);
        var renderer = services.ViewRenderer
            ?? (services.ViewRendererPerRequest ? context.RequestServices.GetService<IViewRenderer>() : null)
            ?? throw new InvalidOperationException(
                $"No view engine registered: view '{name}' cannot be rendered. Register an {nameof(IViewRenderer)} in the services.");

        var response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = TextResult.Html;
        var writer = ResponseTextWriter.Rent(response.Body);
        try
        {
            renderer.Render(name, model, writer);
            writer.Complete();
        }
        finally
        {
            ResponseTextWriter.Return(writer);
        }
        return Task.CompletedTask;
    }
}
