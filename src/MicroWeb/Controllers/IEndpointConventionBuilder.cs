using MicroWeb.Controllers;

namespace MicroWeb;

/// <summary>
/// Something metadata and filters can be added to, for the endpoints it stands for: a route group
/// (<see cref="RouteGroupBuilder"/>) or one mapped endpoint (<see cref="RouteHandlerBuilder"/>). The methods are
/// extensions (<see cref="EndpointConventionBuilderExtensions"/>); they apply when the app starts, so a group's
/// conventions reach endpoints mapped into it before and after the call.
/// </summary>
/// <remarks>Implemented inside MicroWeb only: its member is internal.</remarks>
public interface IEndpointConventionBuilder
{
    /// <summary>Where the conventions are recorded.</summary>
    internal EndpointConventions Conventions { get; }
}
