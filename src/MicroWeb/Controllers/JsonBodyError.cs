using System.Diagnostics.CodeAnalysis;
using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MicroWeb.Controllers;

/// <summary>
/// The client's message for a JSON body that does not deserialize. <see cref="JsonException.Message"/> names .NET
/// types ("could not be converted to MyApp.Controllers.NewMessageForm"), which tells an attacker about the code and a
/// client nothing it can act on; this names the place in the document (its JSON path, line and position) and the
/// shape expected there ("a string", "a whole number", "an object").
/// </summary>
internal static class JsonBodyError
{
    public static string Describe(string parameter, Type bodyType, JsonException error)
    {
        var where = error.LineNumber is { } line
            ? $" at line {(line + 1).ToString(CultureInfo.InvariantCulture)}, position {((error.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture)}"
            : "";
        var path = error.Path is { Length: > 0 } p ? p : "$";
        // A syntax error leaves the path at the last value read; only a conversion error is about the type.
        var expected = error.InnerException is FormatException or InvalidOperationException || error.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? Shape(TypeAt(bodyType, path))
            : null;
        return expected is null
            ? $"The JSON body for '{parameter}' is not valid JSON{where}."
            : $"The JSON body for '{parameter}' has the wrong kind of value at {path}{where}: expected {expected}.";
    }

    /// <summary>The declared type at a JSON path such as <c>$.items[2].name</c>, or null when the path leaves the known types.</summary>
    internal static Type? TypeAt(Type root, string path)
    {
        var type = root;
        var i = path.StartsWith('$') ? 1 : 0;
        while (type is not null && i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                type = Member(type, path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0) return null;
                var inside = path[(i + 1)..end];
                // ['name'] is a property written in bracket form; [3] is an element.
                type = inside.StartsWith('\'') ? Member(type, inside.Trim('\'')) : ElementType(type);
                i = end + 1;
            }
            else
            {
                return null;
            }
        }

        return type;
    }

    internal static string Shape(Type? type)
    {
        if (type is null) return "a value of another kind";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type));
        return Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.DateTime => "a date and time as a string (ISO 8601)",
            _ when type == typeof(DateTimeOffset) => "a date and time as a string (ISO 8601)",
            _ when type == typeof(DateOnly) => "a date as a string (YYYY-MM-DD)",
            _ when type == typeof(TimeOnly) || type == typeof(TimeSpan) => "a time as a string",
            _ when type == typeof(Guid) => "a GUID as a string",
            _ when ElementType(type) is not null => "an array",
            _ => "an object",
        };
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Only words the 400 message: an interface or property the trimmer removed makes it say 'an object' instead of naming the member's type; binding does not depend on it.")]
    private static Type? ElementType(Type type)
    {
        if (type.IsArray) return type.GetElementType();
        if (type == typeof(string) || !typeof(IEnumerable).IsAssignableFrom(type)) return null;
        foreach (var candidate in type.IsInterface ? [type, .. type.GetInterfaces()] : type.GetInterfaces())
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>)) return candidate.GetGenericArguments()[0];
        }

        return null;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Only words the 400 message: an interface or property the trimmer removed makes it say 'an object' instead of naming the member's type; binding does not depend on it.")]
    private static Type? Member(Type type, string jsonName)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
            if (name.Equals(jsonName, StringComparison.OrdinalIgnoreCase)) return property.PropertyType;
        }

        return null;
    }
}
