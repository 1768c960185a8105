using System.ComponentModel.DataAnnotations;
using RangeAttribute = System.ComponentModel.DataAnnotations.RangeAttribute;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using MicroWeb.Controllers;

namespace MicroWeb.Tests.Controllers;

/// <summary>
/// Complex models bound through generated descriptions (docs/aot.md, "Models and validation") answer exactly as the
/// reflection path does: values, ModelState keys and messages, and the 400 problem details of a value that does not convert.
/// </summary>
[NonParallelizable] // Flips the process-wide reflection switch.
public class GeneratedModelTests
{
    private static readonly (HttpMethod Method, string Path, string? Form, string? Json)[] s_requests =
    [
        (HttpMethod.Post, "/gm/signup", "name=Ann&age=30&color=Red", null),
        (HttpMethod.Post, "/gm/signup", "age=10", null),
        (HttpMethod.Post, "/gm/signup", "name=&age=abc", null),
        (HttpMethod.Post, "/gm/signup", "name=" + new string('x', 21) + "&age=40", null),
        (HttpMethod.Get, "/gm/7/search?term=cats&page=3&tags=1&tags=2&words=a&words=b&note=n", null, null),
        (HttpMethod.Get, "/gm/point?x=1.5&y=2", null, null),
        (HttpMethod.Get, "/gm/point", null, null),
        (HttpMethod.Get, "/gm/8/search?page=0&tags=x", null, null),
        (HttpMethod.Get, "/gm/9/search?term=forbidden", null, null),
        (HttpMethod.Post, "/gm/json", null, """{"name":"Bo","age":20}"""),
        (HttpMethod.Post, "/gm/json", null, """{"age":200}"""),
        (HttpMethod.Post, "/gm/json", null, """{"age":"old"}"""),
    ];

    [Test]
    public async Task Form_query_and_body_models_answer_alike_on_the_generated_and_the_reflection_path()
    {
        var generated = await AnswersAsync(reflection: false);
        var reflected = await AnswersAsync(reflection: true);

        Assert.That(generated, Is.EqualTo(reflected));
        Assert.That(generated[0], Is.EqualTo((HttpStatusCode.OK, "Ann|30|Red|valid")));
        Assert.That(generated[1], Is.EqualTo((HttpStatusCode.OK, "|10|Green|Age: The field Age must be between 18 and 130.; Name: Name is required.")));
        Assert.That(generated[2].Item1, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(generated[2].Item2, Does.Contain("The value 'abc' for 'Age' is not a valid int."));
        Assert.That(generated[3], Is.EqualTo((HttpStatusCode.OK, $"{new string('x', 21)}|40|Green|Name: A name is 1 to 20 characters.")));
        Assert.That(generated[4], Is.EqualTo((HttpStatusCode.OK, "7|cats|3|1,2|a,b|valid")), "the route fills Id, the query the rest");
        Assert.That(generated[5], Is.EqualTo((HttpStatusCode.OK, "1.5,2|valid")), "a struct, its init property set");
        Assert.That(generated[6], Is.EqualTo((HttpStatusCode.OK, "0,|valid")));
        Assert.That(generated[7].Item1, Is.EqualTo(HttpStatusCode.BadRequest), "tags=x does not convert");
        Assert.That(generated[7].Item2, Does.Contain("The value 'x' for 'Tags' is not a valid int."));
        Assert.That(generated[8], Is.EqualTo((HttpStatusCode.OK, "9|forbidden|1|||: That term is not allowed.; Note: The Note field is required.")), "IValidatableObject; the init default kept");
        Assert.That(generated[9], Is.EqualTo((HttpStatusCode.OK, "Bo|20|Green|valid")));
        Assert.That(generated[10], Is.EqualTo((HttpStatusCode.OK, "|200|Green|Age: The field Age must be between 18 and 130.; Name: Name is required.")));
        Assert.That(generated[11].Item1, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    private static async Task<List<(HttpStatusCode, string)>> AnswersAsync(bool reflection)
    {
        AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", reflection);
        try
        {
            var builder = MicroWebApp.CreateBuilder(["--urls", "http://127.0.0.1:0"]);
            builder.Logging.ClearProviders();
            await using var app = builder.Build();
            app.MapControllers(typeof(GeneratedModelsController));
            await app.StartAsync();
            var models = app.Endpoints.Routes.SelectMany(r => r.Endpoint.Binders).OfType<IBodyBinder>().ToList();
            Assert.That(models, Has.Count.EqualTo(4));
            Assert.That(models.Select(m => m.GetType().GetProperty("IsGenerated")!.GetValue(m)), Is.All.EqualTo(!reflection));

            using var client = new HttpClient();
            var answers = new List<(HttpStatusCode, string)>();
            foreach (var (method, path, form, json) in s_requests)
            {
                using var request = new HttpRequestMessage(method, app.Urls[0] + path);
                if (form is not null)
                {
                    request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
                }
                else if (json is not null)
                {
                    request.Content = new StringContent(json, Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
            }

            return answers;
        }
        finally
        {
            AppContext.SetSwitch("MicroWeb.Controllers.UseReflection", ReflectionPathSetUp.Reflection);
        }
    }
}

public enum ModelColor
{
    Red,
    Green,
}

public sealed record SignupModel(
    [property: Required(ErrorMessage = "Name is required."), StringLength(20, MinimumLength = 1, ErrorMessage = "A name is 1 to 20 characters.")] string? Name,
    [Range(18, 130)] int Age,
    ModelColor Color = ModelColor.Green);

public sealed class SearchModel : IValidatableObject
{
    public int Id { get; set; }

    public string? Term { get; set; }

    [Range(1, 100)]
    public int Page { get; init; } = 1;

    public List<int> Tags { get; set; } = [];

    public string[]? Words { get; init; }

    public PointModel At { get; set; }

    [Required]
    public string? Note { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Term == "forbidden" ? [new ValidationResult("That term is not allowed.")] : [];
}

public struct PointModel
{
    public double X { get; set; }

    public double? Y { get; init; }
}

public sealed class GeneratedModelsController : Controller
{
    [HttpPost("/gm/signup")]
    public string Signup(SignupModel form) => Describe($"{form.Name}|{form.Age}|{form.Color}");

    [HttpGet("/gm/{id:int}/search")]
    public string Search(SearchModel query) =>
        Describe($"{query.Id}|{query.Term}|{query.Page}|{string.Join(",", query.Tags)}|{string.Join(",", query.Words ?? [])}");

    [HttpGet("/gm/point")]
    public string Point([FromQuery] PointModel point) =>
        Describe($"{point.X.ToString(System.Globalization.CultureInfo.InvariantCulture)},{point.Y?.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    [HttpPost("/gm/json")]
    public string Json([FromBody] SignupModel body) => Describe($"{body.Name}|{body.Age}|{body.Color}");

    private string Describe(string values) =>
        values + "|" + (ModelState.IsValid ? "valid" : string.Join("; ", ModelState.Keys.Order(StringComparer.Ordinal).Select(k => $"{k}: {string.Join(", ", ModelState[k])}")));
}
