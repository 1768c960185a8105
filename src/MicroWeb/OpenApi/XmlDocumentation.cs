using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace MicroWeb.OpenApi;

/// <summary>
/// The <c>&lt;summary&gt;</c> and <c>&lt;param&gt;</c> texts of the app's XML documentation file, the one the compiler
/// writes next to the assembly with <c>&lt;GenerateDocumentationFile&gt;true&lt;/GenerateDocumentationFile&gt;</c>.
/// Each assembly's file is read once, when the document is built; without one there are no descriptions.
/// </summary>
/// <param name="locate">Where an assembly's documentation file is; by default next to it, with the extension <c>.xml</c>.</param>
internal sealed class XmlDocumentation(Func<Assembly, string?>? locate = null)
{
    private readonly Dictionary<Assembly, Dictionary<string, XElement>?> _files = [];
    private readonly Func<Assembly, string?> _locate = locate ?? NextToAssembly;

    public string? Summary(MemberInfo member) => Text(Member(member)?.Element("summary"));

    public string? Parameter(MethodInfo method, string name) =>
        Text(Member(method)?.Elements("param").FirstOrDefault(p => (string?)p.Attribute("name") == name));

    private XElement? Member(MemberInfo member)
    {
        var type = member as Type ?? member.DeclaringType;
        if (type is null || Members(type.Assembly) is not { } members)
        {
            return null;
        }

        return members.GetValueOrDefault(Id(member));
    }

    private Dictionary<string, XElement>? Members(Assembly assembly)
    {
        if (_files.TryGetValue(assembly, out var members))
        {
            return members;
        }

        members = null;
        var path = _locate(assembly);
        if (path is not null && File.Exists(path))
        {
            members = [];
            foreach (var element in XDocument.Load(path).Descendants("member"))
            {
                if ((string?)element.Attribute("name") is { } name)
                {
                    members.TryAdd(name, element);
                }
            }
        }

        _files.Add(assembly, members);
        return members;
    }

    [UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty Location (an assembly bundled into a single-file or Native AOT app) is checked: there is no file next to it, so no descriptions, as for a dynamic assembly.")]
    private static string? NextToAssembly(Assembly assembly) =>
        assembly.IsDynamic || assembly.Location.Length == 0 ? null : Path.ChangeExtension(assembly.Location, ".xml");

    /// <summary>The member's documentation id (C# spec, annex D.4.2): <c>M:Ns.Type.Method(System.Int32)</c>.</summary>
    internal static string Id(MemberInfo member) => Definition(member) switch
    {
        Type type => "T:" + TypeName(type),
        PropertyInfo property => "P:" + TypeName(property.DeclaringType!) + "." + property.Name,
        FieldInfo field => "F:" + TypeName(field.DeclaringType!) + "." + field.Name,
        MethodInfo method => "M:" + TypeName(method.DeclaringType!) + "." + method.Name
            + (method.IsGenericMethod ? "``" + method.GetGenericArguments().Length : "")
            + Parameters(method.GetParameters()),
        _ => "",
    };

    /// <summary>Ids name members of generic definitions: <c>Dictionary`2.TryAdd(`0,`1)</c>, not the constructed type's arguments.</summary>
    private static MemberInfo Definition(MemberInfo member)
    {
        if (member is MethodInfo { IsGenericMethod: true, IsGenericMethodDefinition: false } generic)
        {
            member = generic.GetGenericMethodDefinition();
        }

        if (member is MethodInfo method && method.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } declaring)
        {
            return MethodBase.GetMethodFromHandle(method.MethodHandle, declaring.GetGenericTypeDefinition().TypeHandle)!;
        }

        return member;
    }

    private static string Parameters(ParameterInfo[] parameters) =>
        parameters.Length == 0 ? "" : "(" + string.Join(",", parameters.Select(p => ParameterType(p.ParameterType))) + ")";

    /// <summary>The declaring type as ids name it: the generic definition, nested types joined by '.'.</summary>
    private static string TypeName(Type type)
    {
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            type = type.GetGenericTypeDefinition();
        }

        return (type.FullName ?? type.Name).Replace('+', '.');
    }

    private static string ParameterType(Type type)
    {
        if (type.IsByRef)
        {
            return ParameterType(type.GetElementType()!) + "@";
        }

        if (type.IsArray)
        {
            return ParameterType(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericParameter)
        {
            return (type.DeclaringMethod is null ? "`" : "``") + type.GenericParameterPosition;
        }

        if (!type.IsGenericType)
        {
            return (type.FullName ?? type.Name).Replace('+', '.');
        }

        var definition = type.GetGenericTypeDefinition();
        var name = (definition.FullName ?? definition.Name).Replace('+', '.');
        var tick = name.IndexOf('`');
        return (tick < 0 ? name : name[..tick]) + "{" + string.Join(",", type.GetGenericArguments().Select(ParameterType)) + "}";
    }

    /// <summary>The element's text with references shown by name and whitespace collapsed; null when empty.</summary>
    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = new StringBuilder();
        Append(element, text);
        var collapsed = string.Join(' ', text.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length == 0 ? null : collapsed;
    }

    private static void Append(XElement element, StringBuilder text)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText part:
                    text.Append(part.Value);
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } reference:
                    var target = (string?)reference.Attribute("cref") ?? (string?)reference.Attribute("langword") ?? (string?)reference.Attribute("href") ?? "";
                    text.Append(reference.IsEmpty ? ShortName(target) : reference.Value);
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } reference:
                    text.Append((string?)reference.Attribute("name"));
                    break;
                case XElement inner:
                    Append(inner, text);
                    break;
            }
        }
    }

    /// <summary><c>T:Ns.Type</c> → <c>Type</c>, <c>M:Ns.Type.Run(System.Int32)</c> → <c>Type.Run</c>.</summary>
    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var open = name.IndexOf('(');
        if (open >= 0)
        {
            name = name[..open];
        }

        var parts = name.Split('.');
        return parts.Length >= 2 && cref.StartsWith("M:", StringComparison.Ordinal) ? parts[^2] + "." + parts[^1] : parts[^1];
    }
}
