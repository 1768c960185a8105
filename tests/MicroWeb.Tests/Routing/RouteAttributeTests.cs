namespace MicroWeb.Tests.Routing;

public class RouteAttributeTests
{
    [Test]
    public void Each_verb_attribute_names_its_method()
    {
        HttpMethodAttribute[] attributes =
            [new HttpGetAttribute(), new HttpPostAttribute(), new HttpPutAttribute(), new HttpDeleteAttribute(),
             new HttpPatchAttribute(), new HttpHeadAttribute(), new HttpOptionsAttribute()];
        Assert.That(
            attributes.Select(a => a.Methods.Single()),
            Is.EqualTo(new[] { "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS" }));
        Assert.That(attributes.Select(a => a.Template), Is.All.Null);
    }

    [Test]
    public void Verb_attribute_keeps_its_template() =>
        Assert.That(new HttpPostAttribute("/users/{id}").Template, Is.EqualTo("/users/{id}"));

    [Test]
    public void Route_and_verb_attributes_may_be_repeated_on_an_action()
    {
        var methods = typeof(Sample).GetMethod(nameof(Sample.Action))!;
        Assert.That(methods.GetCustomAttributes(typeof(HttpMethodAttribute), inherit: true), Has.Length.EqualTo(2));
        Assert.That(methods.GetCustomAttributes(typeof(RouteAttribute), inherit: true), Has.Length.EqualTo(2));
        Assert.That(typeof(Sample).GetCustomAttributes(typeof(RouteAttribute), inherit: true).Cast<RouteAttribute>().Single().Template, Is.EqualTo("/api"));
    }

    [Test]
    public void Custom_verb_attribute_can_derive_from_the_base() =>
        Assert.That(new PropFindAttribute().Methods, Is.EqualTo(new[] { "PROPFIND" }));

    [Test]
    public void Verb_attribute_rejects_empty_method_list() =>
        Assert.Throws<ArgumentException>(() => _ = new NoMethodAttribute());

    [Route("/api")]
    private sealed class Sample
    {
        [HttpGet("/a")]
        [HttpPost("/b")]
        [Route("/c")]
        [Route("/d")]
        public void Action()
        {
        }
    }

    private sealed class PropFindAttribute() : HttpMethodAttribute(["PROPFIND"], null);

    private sealed class NoMethodAttribute() : HttpMethodAttribute([], null);
}
