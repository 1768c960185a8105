using Microsoft.Extensions.DependencyInjection;
using MicroWeb.Routing;
using MicroWeb.Security;
using MicroWeb.Tests.Support;

namespace MicroWeb.Tests.Security;

/// <summary>[Authorize] is endpoint metadata; the authorization step applies only where the metadata asks.</summary>
public sealed class AuthorizationStepTests
{
    private static readonly EndpointDelegate s_endpoint = (context, values) => Task.CompletedTask;

    [Test]
    public void An_endpoint_without_Authorize_runs_unwrapped()
    {
        EndpointDelegate wrapped = AuthorizationStep.Instance.Wrap([new HttpGetAttribute("/")], s_endpoint);

        Assert.That(wrapped, Is.SameAs(s_endpoint), "no per-request cost for public endpoints");
    }

    [Test]
    public async Task An_endpoint_with_Authorize_challenges_an_anonymous_request_without_running()
    {
        bool ran = false;
        EndpointDelegate wrapped = AuthorizationStep.Instance.Wrap([new AuthorizeAttribute()], (context, values) =>
        {
            ran = true;
            return Task.CompletedTask;
        });
        using var services = new ServiceCollection().BuildServiceProvider();
        HttpContext context = InMemoryContext.Create(services, "GET", "/secret", null, null, out _);

        await wrapped(context, RouteValues.Empty);

        Assert.That((ran, context.Response.StatusCode, context.Response.Headers["Location"].ToString()),
            Is.EqualTo((false, 302, "/login?returnUrl=%2Fsecret")));
    }
}
