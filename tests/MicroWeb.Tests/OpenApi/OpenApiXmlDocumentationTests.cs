using System.Reflection;
using MicroWeb.OpenApi;

namespace MicroWeb.Tests.OpenApi;

/// <summary>XML documentation summaries in the document: the compiler's file next to an assembly, read once.</summary>
public class OpenApiXmlDocumentationTests
{
    [Test]
    public void OpenApi_xml_docs_are_read_from_the_compilers_file_next_to_the_assembly()
    {
        // src/MicroWeb generates its documentation file; the build copies MicroWeb.xml next to MicroWeb.dll.
        var docs = new XmlDocumentation();
        Assert.That(docs.Summary(typeof(OpenApiOptions).GetProperty(nameof(OpenApiOptions.Title))!), Does.Contain("title"));
        Assert.That(docs.Summary(typeof(Results).GetMethod(nameof(Results.Text))!), Does.StartWith("Plain text"), "parameters in the id");
        Assert.That(docs.Summary(typeof(TypedResults).GetMethod(nameof(TypedResults.Ok))!), Does.StartWith("200 OK"), "a generic method's id");
        Assert.That(docs.Parameter(typeof(Results).GetMethod(nameof(Results.Text))!, "statusCode"), Is.EqualTo("The status code, 200 unless given."));
        Assert.That(docs.Summary(typeof(Ok<int>)), Does.StartWith("200 OK with Value as JSON"), "a generic type; <see cref> shown by name");
    }

    [Test]
    public void OpenApi_documentation_ids_follow_the_csharp_spec()
    {
        Assert.That(XmlDocumentation.Id(typeof(OpenApiTestApp.ItemsController).GetMethod("Show")!), Is.EqualTo("M:MicroWeb.Tests.OpenApi.OpenApiTestApp.ItemsController.Show(System.Int32)"));
        Assert.That(XmlDocumentation.Id(typeof(Dictionary<string, List<int>>).GetMethod("TryAdd")!), Is.EqualTo("M:System.Collections.Generic.Dictionary`2.TryAdd(`0,`1)"));
        Assert.That(XmlDocumentation.Id(typeof(OpenApiXmlDocumentationTests).GetMethod(nameof(Sample), BindingFlags.NonPublic | BindingFlags.Static)!),
            Is.EqualTo("M:MicroWeb.Tests.OpenApi.OpenApiXmlDocumentationTests.Sample(System.Collections.Generic.List{System.Nullable{System.Int32}},System.String[],System.Int32@)"));
        Assert.That(XmlDocumentation.Id(typeof(OpenApiTestApp.Item).GetProperty("Name")!), Is.EqualTo("P:MicroWeb.Tests.OpenApi.OpenApiTestApp.Item.Name"));
    }

    [Test]
    public async Task OpenApi_summaries_of_actions_parameters_properties_and_controllers_reach_the_document()
    {
        var path = Path.Combine(Path.GetTempPath(), $"openapi-docs-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(path, """
            <?xml version="1.0"?>
            <doc><members>
              <member name="T:MicroWeb.Tests.OpenApi.OpenApiTestApp.ItemsController"><summary>The shop's items.</summary></member>
              <member name="M:MicroWeb.Tests.OpenApi.OpenApiTestApp.ItemsController.Show(System.Int32)">
                <summary>One item
                  by its <c>id</c>.</summary>
                <param name="id">The item's number.</param>
              </member>
              <member name="P:MicroWeb.Tests.OpenApi.OpenApiTestApp.Item.Name"><summary>What the item is called; see <see cref="T:MicroWeb.Tests.OpenApi.OpenApiTestApp.Note"/>.</summary></member>
              <member name="T:MicroWeb.Tests.OpenApi.OpenApiTestApp.Item"><summary>Something for sale.</summary></member>
            </members></doc>
            """);
        try
        {
            var testAssembly = typeof(OpenApiTestApp).Assembly;
            var located = 0;
            var docs = new XmlDocumentation(assembly =>
            {
                if (assembly != testAssembly)
                {
                    return null;
                }

                located++;
                return path;
            });
            var doc = await OpenApiTestDocument.BuildAsync(OpenApiTestApp.Map, docs: docs);
            var show = doc.Operation("/items/{id}", "get");
            Assert.That(show.Text("summary"), Is.EqualTo("One item by its id."));
            Assert.That(show.Parameter("id").Text("description"), Is.EqualTo("The item's number."));
            Assert.That(doc.Text("components", "schemas", "Item", "properties", "name", "description"), Is.EqualTo("What the item is called; see Note."));
            Assert.That(doc.Text("components", "schemas", "Item", "description"), Is.EqualTo("Something for sale."));
            Assert.That(doc.At("tags").AsArray().Single(t => (string?)t!["name"] == "Items")!.Text("description"), Is.EqualTo("The shop's items."));
            Assert.That(located, Is.EqualTo(1), "the file is read once");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void Sample(List<int?> values, string[] names, out int count) => count = values.Count + names.Length;
}
