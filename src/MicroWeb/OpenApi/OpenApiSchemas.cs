using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using MicroWeb.Controllers;
using MicroWeb.Http;

namespace MicroWeb.OpenApi;

/// <summary>
/// The JSON schemas of the document's types, made by the BCL's <see cref="JsonSchemaExporter"/> from the app's JSON
/// settings (so property names and converters are the ones the app writes and reads). Every object type becomes one
/// entry of <c>components/schemas</c>, referenced by <c>$ref</c>; a type is named when first met, before its schema is
/// made, so recursive types refer to themselves. Validation attributes and XML summaries are added on the way.
/// </summary>
internal sealed class OpenApiSchemas
{
    private const string RefPrefix = "#/components/schemas/";

    private readonly JsonSerializerOptions _json;
    private readonly XmlDocumentation _docs;
    private readonly JsonSchemaExporterOptions _exporter;
    private readonly Dictionary<Type, string> _names = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public OpenApiSchemas(JsonSerializerOptions appJson, XmlDocumentation docs)
    {
        // The document describes what the app writes: numbers as numbers, even when the app also reads them from strings.
        _json = new JsonSerializerOptions(appJson) { NumberHandling = JsonNumberHandling.Strict };
        _json.TypeInfoResolver ??= JsonTypes.Fallback;
        _json.MakeReadOnly();
        _docs = docs;
        _exporter = new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true, TransformSchemaNode = Transform };
    }

    /// <summary>The <c>components/schemas</c> entries made so far.</summary>
    public JsonObject Components { get; } = [];

    /// <summary>A schema for <paramref name="type"/>: a <c>$ref</c> for an object type, else an inline schema.</summary>
    public JsonObject For(Type type) => IsComponent(type) ? Reference(type) : Export(type, null);

    /// <summary>
    /// A schema for a route, query, header, cookie or form value: as <see cref="For"/>, except that enums are their names
    /// (<see cref="ValueConverter"/> parses names; the JSON settings may write numbers).
    /// </summary>
    public JsonObject ForValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. Enum.GetNames(underlying).Select(n => (JsonNode)n)]) };
        }

        if (FormFiles.Supports(type))
        {
            return FileSchema(type);
        }

        if (ValueConverter.CollectionElement(type) is { } element && element != type)
        {
            return new JsonObject { ["type"] = "array", ["items"] = ForValue(element) };
        }

        return For(type);
    }

    /// <summary>
    /// Without reflection (Native AOT): a query model's properties as the app's JSON contract knows them (the model
    /// listed in the app's <c>JsonSerializerContext</c>), those whose type is a JSON value or a list of values; none
    /// when the contract does not know the model.
    /// </summary>
    public List<PropertyInfo> QueryProperties(Type model)
    {
        var properties = new List<PropertyInfo>();
        if (!_json.TryGetTypeInfo(model, out var info) || info.Kind != JsonTypeInfoKind.Object)
        {
            return properties;
        }

        foreach (var property in info.Properties)
        {
            if (property.AttributeProvider is PropertyInfo clr && IsValueOrValues(property.PropertyType))
            {
                properties.Add(clr);
            }
        }

        return properties;
    }

    private JsonObject Reference(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (!_names.TryGetValue(type, out var name))
        {
            name = UniqueName(type);
            _names.Add(type, name);
            Components[name] = Export(type, type);
        }

        return new JsonObject { ["$ref"] = RefPrefix + name };
    }

    private JsonObject Export(Type type, Type? component)
    {
        var node = _json.GetJsonSchemaAsNode(type, _exporter);
        var schema = node as JsonObject ?? [];
        schema.Remove("$schema");
        if (component is not null)
        {
            // The exporter points a recursive property at the root ("#"); the root is this component.
            RewriteRootReferences(schema, RefPrefix + _names[component]);
        }

        return schema;
    }

    private JsonNode Transform(JsonSchemaExporterContext context, JsonNode node)
    {
        var type = context.TypeInfo.Type;
        var isRoot = context.Path.IsEmpty;
        var schema = node as JsonObject ?? [];
        if (FormFiles.Supports(type))
        {
            schema = FileSchema(type);
        }
        else if (!isRoot && IsComponent(type))
        {
            schema = Reference(type);
        }
        else
        {
            AddFormat(schema, Nullable.GetUnderlyingType(type) ?? type);
            if (context.TypeInfo.Kind == JsonTypeInfoKind.Object)
            {
                AddObjectDetails(schema, context.TypeInfo);
            }
        }

        if (context.PropertyInfo is { } property)
        {
            object[] attributes = [
                .. property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [],
                .. property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? []];
            SchemaKeywords.ApplyAnnotations(schema, attributes);
            if (property.AttributeProvider is System.Reflection.MemberInfo member && _docs.Summary(member) is { } summary)
            {
                schema["description"] = summary;
            }
        }

        return schema;
    }

    /// <summary>The type's summary, and its <c>[Required]</c> properties in <c>required</c>.</summary>
    private void AddObjectDetails(JsonObject schema, JsonTypeInfo info)
    {
        if (_docs.Summary(info.Type) is { } summary)
        {
            schema["description"] = summary;
        }

        foreach (var property in info.Properties)
        {
            object[] attributes = [
                .. property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [],
                .. property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? []];
            if (!SchemaKeywords.IsRequired(attributes))
            {
                continue;
            }

            if (schema["required"] is not JsonArray required)
            {
                required = [];
                schema["required"] = required;
            }

            if (!required.Any(r => r?.GetValue<string>() == property.Name))
            {
                required.Add((JsonNode)property.Name);
            }
        }
    }

    private bool IsComponent(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type != typeof(object) && !FormFiles.Supports(type) && _json.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object;
    }

    private bool IsValueOrValues(Type type) =>
        _json.TryGetTypeInfo(type, out var info)
        && (info.Kind == JsonTypeInfoKind.None
            || (info.Kind == JsonTypeInfoKind.Enumerable && info.ElementType is { } element && _json.TryGetTypeInfo(element, out var item) && item.Kind == JsonTypeInfoKind.None));

    private static JsonObject FileSchema(Type type)
    {
        var file = new JsonObject { ["type"] = "string", ["format"] = "binary" };
        return type == typeof(FormFile) ? file : new JsonObject { ["type"] = "array", ["items"] = file };
    }

    /// <summary>OpenAPI's formats for the numeric types, which the exporter leaves out (it says only <c>integer</c>/<c>number</c>).</summary>
    private static void AddFormat(JsonObject schema, Type type)
    {
        var format = Type.GetTypeCode(type) switch
        {
            TypeCode.Int32 or TypeCode.Int16 or TypeCode.Byte or TypeCode.SByte or TypeCode.UInt16 => "int32",
            TypeCode.Int64 or TypeCode.UInt32 or TypeCode.UInt64 => "int64",
            TypeCode.Single => "float",
            TypeCode.Double => "double",
            _ => null,
        };
        if (format is not null && !type.IsEnum && !schema.ContainsKey("format"))
        {
            schema["format"] = format;
        }
    }

    /// <summary>
    /// A component name (<c>^[a-zA-Z0-9.\-_]+$</c>): the type's name (a nested type's own), generic arguments spelled out
    /// (<c>PageOfMessage</c>), the namespace added on a clash.
    /// </summary>
    private string UniqueName(Type type)
    {
        var name = Sanitize(ShortName(type));
        if (!_taken.Add(name))
        {
            name = Sanitize((type.Namespace is null ? "" : type.Namespace + ".") + ShortName(type));
            var candidate = name;
            for (var i = 2; !_taken.Add(candidate); i++)
            {
                candidate = name + i;
            }

            name = candidate;
        }

        return name;
    }

    private static string ShortName(Type type)
    {
        var name = type.IsArray ? ShortName(type.GetElementType()!) + "Array" : type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0)
        {
            name = name[..tick] + "Of" + string.Join("And", type.GetGenericArguments().Select(ShortName));
        }

        return name;
    }

    private static string Sanitize(string name)
    {
        var clean = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            clean.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_');
        }

        return clean.ToString();
    }

    private static void RewriteRootReferences(JsonNode? node, string reference)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.GetValue<string>() == "#")
                {
                    obj["$ref"] = reference;
                }

                foreach (var child in obj.Select(p => p.Value).ToList())
                {
                    RewriteRootReferences(child, reference);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteRootReferences(child, reference);
                }

                break;
        }
    }
}
