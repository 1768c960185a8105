using MicroWeb.Controllers;
using MicroWeb.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MicroWeb.Tests.Controllers;

/// <summary>The startup check that routes and parameters agree (<see cref="RouteBindingCheck"/>), for actions and handlers.</summary>
public class RouteBindingCheckTests
{
    private static InvalidOperationException ActionError(Type controller)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        return Assert.Throws<InvalidOperationException>(() => _ = ControllerDiscovery.Routes(controller, new BinderFactory(services)).ToList())!;
    }

    private static int RouteCount(Type controller)
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        return ControllerDiscovery.Routes(controller, new BinderFactory(services)).Count();
    }

    [Test]
    public void Unbound_route_parameter_names_the_route_the_action_and_the_fix() =>
        Assert.That(ActionError(typeof(HomeController)).Message, Is.EqualTo(
            "route parameter '{id}' of 'GET /items/{id}' is not bound by any parameter of HomeController.Show: "
            + "add a parameter named 'id' or [FromRoute(Name = \"id\")]"));

    [Test]
    public void Route_shared_by_several_methods_lists_them() =>
        Assert.That(ActionError(typeof(TwoMethodsController)).Message, Does.StartWith("route parameter '{slug}' of 'GET,POST /pages/{slug}'"));

    [Test]
    public void Unbound_parameter_under_a_controller_prefix_shows_the_combined_template() =>
        Assert.That(ActionError(typeof(PrefixedController)).Message, Does.Contain("'GET /shop/{shopId}/items'").And.Contain("PrefixedController.List"));

    [Test]
    public void Route_parameters_bound_by_name_attribute_model_member_or_RouteValues_pass() =>
        Assert.That(RouteCount(typeof(BoundController)), Is.EqualTo(5));

    [Test]
    public async Task Route_value_fills_a_model_member_of_its_name()
    {
        using var http = new InMemoryHttp().Get("/orders/{id:int}/{Status}", (OrderQuery query) => $"{query.Id} {query.Status} {query.Note}");
        var response = await http.SendAsync("GET", "/orders/7/open?note=hi&id=99");
        Assert.That(response.Body, Is.EqualTo("7 open hi"), "the route value wins over the query string, as for a simple parameter");
    }

    [TestCase(typeof(IntToGuidController), "id", "Guid", "int")]
    [TestCase(typeof(GuidToIntController), "id", "int", "guid")]
    [TestCase(typeof(BoolToDateController), "x", "DateTime", "bool")]
    [TestCase(typeof(RangeToGuidArrayController), "page", "Guid[]", "range(1,9)")]
    [TestCase(typeof(ModelMemberController), "form.Id", "Guid", "long")]
    public void Constraint_that_the_type_cannot_take_names_action_parameter_constraint_and_type(Type controller, string parameter, string type, string constraint)
    {
        var message = ActionError(controller).Message;
        Assert.That(message, Does.StartWith($"parameter '{parameter}' ({type}) of {controller.Name}.Show cannot take the constraint '{constraint}' of route parameter"));
        Assert.That(message, Does.Contain("make the parameter ").And.EndWith("or change the constraint"));
    }

    [TestCase("int", typeof(int), true)]
    [TestCase("int", typeof(long?), true)]
    [TestCase("int", typeof(string), true)]
    [TestCase("int", typeof(int[]), true)]
    [TestCase("int", typeof(Guid), false)]
    [TestCase("long", typeof(int), false)]
    [TestCase("guid", typeof(Guid?), true)]
    [TestCase("guid", typeof(int), false)]
    [TestCase("bool", typeof(bool), true)]
    [TestCase("bool", typeof(DateTime), false)]
    [TestCase("alpha", typeof(DayOfWeek), true)]
    [TestCase("alpha", typeof(int), false)]
    [TestCase("range(1,9)", typeof(byte), true)]
    [TestCase("min(1)", typeof(Guid), false)]
    [TestCase("length(3)", typeof(int), true)]
    [TestCase("regex(^a$)", typeof(Guid), true)]
    public void Compatibility_table(string constraint, Type type, bool accepted)
    {
        var open = constraint.IndexOf('(');
        var made = MicroWeb.Routing.RouteConstraint.Create(
            open < 0 ? constraint : constraint[..open], open < 0 ? null : constraint[(open + 1)..^1], out var problem);
        Assert.That(problem, Is.Null);
        Assert.That(RouteConstraintTypes.Accepts(made!, type, out var list), Is.EqualTo(accepted));
        Assert.That(list, accepted ? Is.Empty : Does.EndWith("or string"));
    }

    [Test]
    public async Task Handler_with_an_unbound_route_parameter_fails_at_startup()
    {
        using var http = new InMemoryHttp().Get("/items/{id}", (int itemId) => "x");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => http.SendAsync("GET", "/items/1"));
        Assert.That(e!.Message, Is.EqualTo(
            "route parameter '{id}' of 'GET /items/{id}' is not bound by any parameter of Map(\"/items/{id}\"): "
            + "add a parameter named 'id' or [FromRoute(Name = \"id\")]"));
    }

    [Test]
    public async Task Handler_whose_constraint_does_not_fit_fails_at_startup()
    {
        using var http = new InMemoryHttp().Get("/items/{id:guid}", (int id) => "x");
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => http.SendAsync("GET", "/items/1"));
        Assert.That(e!.Message, Is.EqualTo(
            "parameter 'id' (int) of Map(\"/items/{id:guid}\") cannot take the constraint 'guid' of route parameter '{id}' in 'GET /items/{id:guid}': "
            + "make the parameter Guid or string, or change the constraint"));
    }

    public sealed class HomeController
    {
        [HttpGet("/items/{id}")]
        public string Show(int itemId) => "x";
    }

    public sealed class TwoMethodsController
    {
        [HttpGet("/pages/{slug}")]
        [HttpPost("/pages/{slug}")]
        public string Edit() => "x";
    }

    [Route("/shop/{shopId}")]
    public sealed class PrefixedController
    {
        [HttpGet("items")]
        public string List() => "x";
    }

    public sealed class OrderQuery
    {
        public int Id { get; set; }

        public string? Status { get; set; }

        public string? Note { get; set; }
    }

    public sealed record OrderForm(long Id, string? Text);

    public sealed class BoundController
    {
        [HttpGet("/a/{id}")]
        public string ByAttribute([FromRoute(Name = "id")] int key) => "x";

        [HttpGet("/b/{id:int}/{status}")]
        public string ByModelProperty(OrderQuery query) => "x";

        [HttpPost("/c/{id:long}")]
        public string ByModelConstructor(OrderForm form) => "x";

        [HttpGet("/d/{*rest}")]
        public string ByRouteValues(RouteValues values) => "x";

        [HttpGet("/e/{ID:int}")]
        public string ByNameIgnoringCase(int? id) => "x";
    }

    public sealed class IntToGuidController
    {
        [HttpGet("/items/{id:int}")]
        public string Show(Guid id) => "x";
    }

    public sealed class GuidToIntController
    {
        [HttpGet("/items/{id:guid}")]
        public string Show(int id) => "x";
    }

    public sealed class BoolToDateController
    {
        [HttpGet("/flags/{x:bool}")]
        public string Show(DateTime x) => "x";
    }

    public sealed class RangeToGuidArrayController
    {
        [HttpGet("/pages/{page:range(1,9)}")]
        public string Show(Guid[] page) => "x";
    }

    public sealed record GuidForm(Guid Id);

    public sealed class ModelMemberController
    {
        [HttpPost("/forms/{id:long}")]
        public string Show(GuidForm form) => "x";
    }
}
