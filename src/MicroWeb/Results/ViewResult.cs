using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb;

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

        // Rendered completely before anything is sent, so a template error still becomes a clean 500.
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        renderer.Render(name, model, output);
        HttpResponse response = context.Response;
        response.StatusCode = statusCode;
        response.ContentType = TextResult.Html;
        ValueTask write = response.WriteAsync(output.ToString(), context.RequestAborted);
        return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
    }
}
