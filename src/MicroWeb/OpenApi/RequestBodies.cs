using System.Text.Json.Nodes;

namespace MicroWeb.OpenApi;

/// <summary>
/// What an operation reads from the body, gathered parameter by parameter: a JSON model, a form model, form fields and
/// files; becomes one <c>requestBody</c> with a content entry per media type binding accepts.
/// </summary>
internal sealed class RequestBodies
{
    private JsonObject? _fields;
    private JsonArray? _requiredFields;
    private bool _hasFile;

    /// <summary>The schema of the JSON body, when a parameter reads it.</summary>
    public JsonObject? Json { get; set; }

    /// <summary>The schema of a model bound from the form.</summary>
    public JsonObject? FormModel { get; set; }

    /// <summary>True when the action cannot run without the body.</summary>
    public bool Required { get; set; }

    public void AddFormField(string name, JsonObject schema, bool required, bool isFile)
    {
        _fields ??= [];
        _fields[name] = schema;
        _hasFile |= isFile;
        if (required)
        {
            (_requiredFields ??= []).Add((JsonNode)name);
            Required = true;
        }
    }

    public JsonObject? ToRequestBody()
    {
        var content = new JsonObject();
        if (Json is not null)
        {
            content["application/json"] = new JsonObject { ["schema"] = Json.DeepClone() };
        }

        if (Form() is { } form)
        {
            // Files need multipart (RFC 7578); other fields may come either way.
            if (!_hasFile)
            {
                content["application/x-www-form-urlencoded"] = new JsonObject { ["schema"] = form.DeepClone() };
            }

            content["multipart/form-data"] = new JsonObject { ["schema"] = form };
        }

        return content.Count == 0 ? null : new JsonObject { ["required"] = Required, ["content"] = content };
    }

    private JsonObject? Form()
    {
        JsonObject? fields = null;
        if (_fields is not null)
        {
            fields = new JsonObject { ["type"] = "object", ["properties"] = _fields };
            if (_requiredFields is not null)
            {
                fields["required"] = _requiredFields;
            }
        }

        return (FormModel, fields) switch
        {
            (null, _) => fields,
            (_, null) => (JsonObject)FormModel.DeepClone(),
            _ => new JsonObject { ["allOf"] = new JsonArray(FormModel.DeepClone(), fields) },
        };
    }
}
