using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroWeb.Templates;

/// <summary>
/// How a template writes a value of any type: strings as they are, <c>true</c>/<c>false</c>, numbers and dates in
/// the invariant culture, JSON values as their primitive (a string without quotes, a number as written by
/// <see cref="JsonElement"/>), JSON objects and arrays as their JSON text, anything else by <c>ToString()</c>.
/// </summary>
internal static class TemplateValue
{
    public static void Write(ITemplateOutput output, object? value, bool escape)
    {
        switch (value)
        {
            case null:
                return;
            case string s:
                output.WriteString(s, escape);
                return;
            case bool b:
                output.WriteBool(b);
                return;
            case JsonElement element:
                WriteJson(output, element, escape);
                return;
            case JsonValue json when json.TryGetValue(out JsonElement inner):
                WriteJson(output, inner, escape);
                return;
            case JsonValue json when json.TryGetValue(out object? inner):
                Write(output, inner, escape);
                return;
            case JsonNode node:
                output.WriteString(node.ToJsonString(), escape);
                return;
            case ISpanFormattable formattable:
                output.WriteFormattable(formattable, escape);
                return;
            case IFormattable formattable:
                output.WriteString(formattable.ToString(null, CultureInfo.InvariantCulture), escape);
                return;
            default:
                output.WriteString(value.ToString(), escape);
                return;
        }
    }

    private static void WriteJson(ITemplateOutput output, JsonElement element, bool escape)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                output.WriteString(element.GetString(), escape);
                return;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                output.WriteFormattable(integer, escape);
                return;
            case JsonValueKind.Number:
                output.WriteFormattable(element.GetDouble(), escape);
                return;
            case JsonValueKind.True or JsonValueKind.False:
                output.WriteBool(element.ValueKind == JsonValueKind.True);
                return;
            case JsonValueKind.Object or JsonValueKind.Array:
                output.WriteString(element.GetRawText(), escape);
                return;
        }
    }
}
