using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.HttpResults;

/// <summary>A view rendered by the registered <see cref="IViewRenderer"/> and sent as <c>text/html; charset=utf-8</c>.</summary>
internal sealed class ViewResult(string name, object? model, int statusCode) : IResult
{
    public string Name => name;

    public object? Model => model;

    public Task ExecuteAsync(HttpContext context)
    {
        IViewRenderer renderer = context.RequestServices.GetService<IViewRenderer>()
            ?? throw new InvalidOperationException(
                $"No view engine registered: view '{name}' cannot be rendered. Register an {nameof(IViewRenderer)} in the services.");

        HttpResponse response = context.Response;
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
