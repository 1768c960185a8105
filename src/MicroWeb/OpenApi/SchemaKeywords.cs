using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using MicroWeb.Routing;

namespace MicroWeb.OpenApi;

/// <summary>
/// The JSON Schema (2020-12) keywords that say what validation attributes and route constraints check:
/// <c>[Range]</c> and <c>min</c>/<c>max</c>/<c>range</c> → minimum/maximum, lengths → minLength/maxLength (minItems/maxItems
/// on arrays), <c>[RegularExpression]</c> and <c>regex</c> → pattern, <c>[EmailAddress]</c> → format email.
/// </summary>
internal static class SchemaKeywords
{
    /// <summary>True when the attributes include <see cref="RequiredAttribute"/>.</summary>
    public static bool IsRequired(IEnumerable<object> attributes) => attributes.Any(a => a is RequiredAttribute);

    public static void ApplyAnnotations(JsonObject schema, IEnumerable<object> attributes)
    {
        var isArray = IsType(schema, "array");
        foreach (var attribute in attributes)
        {
            switch (attribute)
            {
                case RangeAttribute range when IsNumber(range.Minimum) && IsNumber(range.Maximum):
                    schema[range.MinimumIsExclusive ? "exclusiveMinimum" : "minimum"] = Number(range.Minimum);
                    schema[range.MaximumIsExclusive ? "exclusiveMaximum" : "maximum"] = Number(range.Maximum);
                    break;
                case StringLengthAttribute length:
                    if (length.MinimumLength > 0)
                    {
                        schema["minLength"] = length.MinimumLength;
                    }

                    schema["maxLength"] = length.MaximumLength;
                    break;
                case MinLengthAttribute min:
                    schema[isArray ? "minItems" : "minLength"] = min.Length;
                    break;
                case MaxLengthAttribute max when max.Length >= 0:
                    schema[isArray ? "maxItems" : "maxLength"] = max.Length;
                    break;
                case LengthAttribute length:
                    schema[isArray ? "minItems" : "minLength"] = length.MinimumLength;
                    schema[isArray ? "maxItems" : "maxLength"] = length.MaximumLength;
                    break;
                case RegularExpressionAttribute regex:
                    schema["pattern"] = regex.Pattern;
                    break;
                case EmailAddressAttribute:
                    schema["format"] = "email";
                    break;
                case UrlAttribute:
                    schema["format"] = "uri";
                    break;
            }
        }
    }

    /// <summary>Adds what <paramref name="constraint"/> checks; its canonical text (<c>range(1,9)</c>) carries the numbers.</summary>
    public static void ApplyConstraint(JsonObject schema, RouteConstraint constraint)
    {
        var open = constraint.Text.IndexOf('(');
        var argument = open < 0 ? "" : constraint.Text[(open + 1)..^1];
        var numbers = constraint.Name == "regex" ? [] : argument.Split(',');
        switch (constraint.Name)
        {
            case "int":
                SetType(schema, "integer", "int32");
                break;
            case "long":
                SetType(schema, "integer", "int64");
                break;
            case "guid":
                SetType(schema, "string", "uuid");
                break;
            case "bool":
                SetType(schema, "boolean", null);
                break;
            case "alpha":
                schema["pattern"] = "^[a-zA-Z]+$";
                break;
            case "min":
                schema["minimum"] = long.Parse(numbers[0], CultureInfo.InvariantCulture);
                break;
            case "max":
                schema["maximum"] = long.Parse(numbers[0], CultureInfo.InvariantCulture);
                break;
            case "range":
                schema["minimum"] = long.Parse(numbers[0], CultureInfo.InvariantCulture);
                schema["maximum"] = long.Parse(numbers[1], CultureInfo.InvariantCulture);
                break;
            case "length":
                schema["minLength"] = long.Parse(numbers[0], CultureInfo.InvariantCulture);
                schema["maxLength"] = long.Parse(numbers[^1], CultureInfo.InvariantCulture);
                break;
            case "minlength":
                schema["minLength"] = long.Parse(numbers[0], CultureInfo.InvariantCulture);
                break;
            case "maxlength":
                schema["maxLength"] = long.Parse(numbers[0], CultureInfo.InvariantCulture);
                break;
            case "regex":
                schema["pattern"] = argument;
                break;
        }

        // min/max/range only match integers, whatever the parameter's type says.
        if (constraint.Name is "min" or "max" or "range" && !IsType(schema, "integer") && !IsType(schema, "number"))
        {
            SetType(schema, "integer", "int64");
        }
    }

    /// <summary>True when the schema's <c>type</c> is <paramref name="type"/> or a list naming it.</summary>
    public static bool IsType(JsonObject schema, string type) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>() == type,
        JsonArray list => list.Any(t => t?.GetValue<string>() == type),
        _ => false,
    };

    private static void SetType(JsonObject schema, string type, string? format)
    {
        schema["type"] = type;
        if (format is not null)
        {
            schema["format"] = format;
        }
    }

    private static bool IsNumber(object? value) => value is int or long or double or float or decimal or short or byte;

    private static JsonNode Number(object value) => value switch
    {
        int or long or short or byte => JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
    };
}
