using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// One endpoint mapped with <c>MapGet</c>, <c>MapPost</c>… , handed to the <c>configure</c> callback of their
/// overloads: <c>app.MapGet("/me", handler, endpoint =&gt; endpoint.RequireAuthorization())</c>. Metadata and filters
/// added here apply to that endpoint only, inside those of the groups it is mapped in.
/// </summary>
/// <remarks>
/// <c>MapGet</c> keeps returning the app (or group) so existing chains (<c>app.MapGet(…).MapGet(…)</c>,
/// <c>return app.MapGet(…)</c> in an extension method) compile unchanged; the callback is where the endpoint is reached.
/// </remarks>
public sealed class RouteHandlerBuilder : IEndpointConventionBuilder
{
    private readonly EndpointConventions _conventions;

    internal RouteHandlerBuilder(EndpointConventions conventions) => _conventions = conventions;

    EndpointConventions IEndpointConventionBuilder.Conventions => _conventions;
}
