using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// A route group from <c>app.MapGroup("/api/v1")</c>: routes mapped into it (<c>MapGet</c>, <c>MapControllers</c>,
/// <c>MapGroup</c> for a nested group) get its <see cref="Prefix"/>, and its metadata and filters
/// (<c>RequireAuthorization()</c>, <c>AddEndpointFilter</c>…) apply to all of them, including ones mapped after the call.
/// </summary>
public sealed class RouteGroupBuilder : IEndpointRouteBuilder, IEndpointConventionBuilder
{
    private readonly EndpointCollection _endpoints;
    private readonly EndpointConventions _conventions;

    internal RouteGroupBuilder(EndpointCollection endpoints, string prefix, EndpointConventions? parent)
    {
        _endpoints = endpoints;
        Prefix = prefix;
        _conventions = new EndpointConventions(endpoints, parent);
    }

    /// <summary>The group's full prefix, the enclosing groups' included, normalised (<c>/api/v1/admin</c>).</summary>
    public string Prefix { get; }

    EndpointCollection IEndpointRouteBuilder.Endpoints => _endpoints;

    string? IEndpointRouteBuilder.RoutePrefix => Prefix;

    EndpointConventions? IEndpointRouteBuilder.GroupConventions => _conventions;

    EndpointConventions IEndpointConventionBuilder.Conventions => _conventions;

    /// <summary>
    /// <paramref name="prefix"/> and <paramref name="template"/> with exactly one '/' between them. Unlike a
    /// controller's <c>[Route]</c> prefix, a group's applies to templates starting with '/' too: inside a group every
    /// route is relative to it, as in ASP.NET Core.
    /// </summary>
    internal static string Join(string prefix, string template)
    {
        var head = prefix.AsSpan().Trim('/');
        var tail = template.AsSpan().Trim('/');
        return head.IsEmpty ? $"/{tail}" : tail.IsEmpty ? $"/{head}" : $"/{head}/{tail}";
    }
}
