using System.Text.Json;
using System.Text.Json.Serialization;
using MicroWeb.HttpResults;
using MicroWeb.OpenApi;

namespace MicroWeb.Tests.OpenApi;

/// <summary>
/// The parts of the OpenAPI document a Native AOT app takes without reflection: typed results' responses read from
/// their attribute (no MakeGenericMethod), and a query model's parameters from the app's JSON contract.
/// </summary>
public class OpenApiWithoutReflectionTests
{
    [Test]
    public void OpenApi_typed_results_describe_themselves_from_their_type_alone_unions_nested_in_order()
    {
        var responses = ResultDescriptions.For(typeof(Results<Ok<SearchFilter>, Results<NotFound, Created<int>>, NoContent, BadRequest>));

        Assert.That(responses, Is.EqualTo(new ResponseDescription[]
        {
            new(200, typeof(SearchFilter)),
            new(404, null),
            new(201, typeof(int)),
            new(204, null),
            new(400, null),
        }));
    }

    [Test]
    public void OpenApi_a_plain_result_declares_no_responses()
    {
        Assert.That(ResultDescriptions.For(typeof(IResult)), Is.Null);
        Assert.That(ResultDescriptions.For(typeof(RedirectResult)), Is.Null);
    }

    [Test]
    public void OpenApi_query_model_without_reflection_lists_its_value_properties_by_CLR_name_from_the_JSON_contract()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = QueryModelJson.Default };
        var schemas = new OpenApiSchemas(json, new XmlDocumentation(_ => null));

        var names = schemas.QueryProperties(typeof(SearchQuery)).Select(p => p.Name);

        // The binder looks values up by the property's own name, not the JSON name; a nested object is no query value.
        Assert.That(names, Is.EquivalentTo(new[] { "Text", "Page", "Tags", "Order" }));
    }

    [Test]
    public void OpenApi_query_model_unknown_to_the_JSON_contract_has_no_parameters_without_reflection()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { TypeInfoResolver = QueryModelJson.Default };
        var schemas = new OpenApiSchemas(json, new XmlDocumentation(_ => null));

        Assert.That(schemas.QueryProperties(typeof(UnlistedQuery)), Is.Empty);
    }
}

internal sealed class SearchQuery
{
    [JsonPropertyName("q")]
    public string? Text { get; set; }

    public int Page { get; set; }

    public List<string> Tags { get; set; } = [];

    public SearchOrder Order { get; set; }

    public SearchFilter? Filter { get; set; }
}

internal sealed class SearchFilter
{
    public string Field { get; set; } = "";
}

/// <summary>In no context: the test's resolver does not know it.</summary>
internal sealed class UnlistedQuery
{
    public string? Text { get; set; }
}

internal enum SearchOrder
{
    Newest,
    Oldest,
}

[JsonSerializable(typeof(SearchQuery))]
internal sealed partial class QueryModelJson : JsonSerializerContext;
