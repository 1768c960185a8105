using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using MicroWeb.Controllers;
using MicroWeb.Http;
using MicroWeb.HttpResults;
using MicroWeb.Routing;

namespace MicroWeb.OpenApi;

/// <summary>
/// Builds the OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.1) from the route table, once: paths from the
/// route templates, parameters from the binders' plans, bodies and responses from the parameter and return types,
/// security from <c>[Authorize]</c>. Nothing here runs per request.
/// </summary>
internal sealed class OpenApiDocumentBuilder
{
    private const string CookieScheme = "cookie";
    private const string BearerScheme = "bearer";

    /// <summary>The methods a route without methods (<c>[Route]</c> alone) is documented under: OpenAPI has no "any".</summary>
    private static readonly string[] s_anyMethod = [HttpMethods.Get, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete, HttpMethods.Patch];

    private static readonly HashSet<string> s_bodyless = new(StringComparer.Ordinal) { HttpMethods.Get, HttpMethods.Head, HttpMethods.Delete, HttpMethods.Options };

    private readonly OpenApiOptions _options;
    private readonly XmlDocumentation _docs;
    private readonly OpenApiSchemas _schemas;
    private readonly HashSet<string> _operationIds = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, string?> _tags = new(StringComparer.Ordinal);
    private bool _usesSecurity;

    private OpenApiDocumentBuilder(OpenApiOptions options, JsonSerializerOptions json, XmlDocumentation docs)
    {
        _options = options;
        _docs = docs;
        _schemas = new OpenApiSchemas(json, _docs);
    }

    /// <param name="routes">The app's routes.</param>
    /// <param name="options">The document's settings.</param>
    /// <param name="json">The app's JSON settings.</param>
    /// <param name="docs">The XML documentation; by default the files next to the assemblies.</param>
    public static JsonObject Build(IReadOnlyList<RouteDefinition<Endpoint>> routes, OpenApiOptions options, JsonSerializerOptions json, XmlDocumentation? docs = null) =>
        new OpenApiDocumentBuilder(options, json, docs ?? new XmlDocumentation()).Build(routes);

    private JsonObject Build(IReadOnlyList<RouteDefinition<Endpoint>> routes)
    {
        var info = new JsonObject { ["title"] = _options.Title, ["version"] = _options.Version };
        if (_options.Description is { } description)
        {
            info["description"] = description;
        }

        var document = new JsonObject { ["openapi"] = "3.1.1", ["info"] = info };
        if (_options.Servers.Count > 0)
        {
            document["servers"] = new JsonArray([.. _options.Servers.Select(url => (JsonNode)new JsonObject { ["url"] = url })]);
        }

        var paths = new JsonObject();
        foreach (var route in routes)
        {
            if (route.Endpoint.Metadata.Any(m => m is ExcludeFromDescriptionAttribute))
            {
                continue;
            }

            foreach (var path in PathVariants(route.Pattern))
            {
                if (paths[path.Key] is not JsonObject item)
                {
                    item = [];
                    paths[path.Key] = item;
                }

                foreach (var method in route.Methods is { Count: > 0 } methods ? methods : s_anyMethod)
                {
                    var key = method.ToLowerInvariant();
                    // OpenAPI 3.1 has fields for these methods only; the first route declaring a path and method wins, as in the table.
                    if (key is "get" or "put" or "post" or "delete" or "options" or "head" or "patch" or "trace" && !item.ContainsKey(key))
                    {
                        item[key] = Operation(route, method, path.Parameters);
                    }
                }
            }
        }

        document["paths"] = paths;
        if (_tags.Count > 0)
        {
            document["tags"] = new JsonArray([.. _tags.Select(t => (JsonNode)Describe(new JsonObject { ["name"] = t.Key }, t.Value))]);
        }

        var components = new JsonObject();
        if (_schemas.Components.Count > 0)
        {
            components["schemas"] = SortedCopy(_schemas.Components);
        }

        if (_usesSecurity)
        {
            components["securitySchemes"] = SecuritySchemes();
        }

        if (components.Count > 0)
        {
            document["components"] = components;
        }

        _options.DocumentTransform?.Invoke(document);
        return document;
    }

    private JsonObject Operation(RouteDefinition<Endpoint> route, string method, RouteParameter[] pathParameters)
    {
        var endpoint = route.Endpoint;
        var operation = new JsonObject { ["operationId"] = OperationId(endpoint, method) };
        if (endpoint.ControllerType is { } controller)
        {
            var tag = controller.Name.EndsWith("Controller", StringComparison.Ordinal) && controller.Name.Length > "Controller".Length
                ? controller.Name[..^"Controller".Length]
                : controller.Name;
            _tags.TryAdd(tag, _docs.Summary(controller));
            operation["tags"] = new JsonArray(tag);
        }

        if (_docs.Summary(endpoint.Method) is { } summary)
        {
            operation["summary"] = summary;
        }

        var parameters = new JsonArray();
        var bodies = new RequestBodies();
        var described = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var methodParameters = endpoint.Method.GetParameters();
        for (var i = 0; i < endpoint.Binders.Length; i++)
        {
            if (endpoint.Binders[i].Description is not { } description)
            {
                continue;
            }

            var parameter = methodParameters[i];
            var attributes = parameter.GetCustomAttributes(inherit: true);
            var docs = _docs.Parameter(endpoint.Method, parameter.Name!);
            switch (description.Source)
            {
                case ParameterSource.Route:
                    // Path parameters come from the template below, so optional segments are handled once.
                    break;
                case ParameterSource.Query or ParameterSource.Header or ParameterSource.Cookie:
                    if (described.Add(description.Source + ":" + description.Key))
                    {
                        parameters.Add((JsonNode)ValueParameter(description, attributes, docs));
                    }

                    break;
                case ParameterSource.Form or ParameterSource.FormFile:
                    bodies.AddFormField(description.Key, ValueSchema(description, attributes, docs), description.Required, description.Source == ParameterSource.FormFile);
                    break;
                case ParameterSource.Body:
                    bodies.Json = _schemas.For(description.Type);
                    bodies.Required |= description.Required;
                    break;
                case ParameterSource.FormModel:
                    bodies.FormModel = _schemas.For(description.Type);
                    bodies.Required |= description.Required;
                    break;
                case ParameterSource.QueryModel:
                    AddQueryModel(parameters, described, description.Type);
                    break;
                case ParameterSource.Model when s_bodyless.Contains(method):
                    AddQueryModel(parameters, described, description.Type);
                    break;
                case ParameterSource.Model:
                    bodies.Json = bodies.FormModel = _schemas.For(description.Type);
                    bodies.Required |= description.Required;
                    break;
            }
        }

        var pathParameterList = new JsonArray();
        foreach (var routeParameter in pathParameters)
        {
            pathParameterList.Add((JsonNode)PathParameter(routeParameter, endpoint, methodParameters));
        }

        foreach (var parameter in parameters.ToList())
        {
            parameters.Remove(parameter);
            pathParameterList.Add(parameter);
        }

        if (pathParameterList.Count > 0)
        {
            operation["parameters"] = pathParameterList;
        }

        var requestBody = bodies.ToRequestBody();
        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }

        var responses = Responses(endpoint, pathParameterList.Count > 0 || requestBody is not null);
        if (endpoint.Metadata.Any(m => m is AuthorizeAttribute))
        {
            _usesSecurity = true;
            var security = new JsonArray(new JsonObject { [CookieScheme] = new JsonArray() });
            if (_options.HasBearerSecurityScheme)
            {
                security.Add((JsonNode)new JsonObject { [BearerScheme] = new JsonArray() });
            }

            operation["security"] = security;
            if (!responses.ContainsKey("401"))
            {
                responses["401"] = new JsonObject { ["description"] = "Not signed in (a request asking for HTML is redirected to the login page instead)." };
            }
        }

        operation["responses"] = responses;
        return operation;
    }

    private JsonObject PathParameter(RouteParameter routeParameter, Endpoint endpoint, ParameterInfo[] methodParameters)
    {
        JsonObject? schema = null;
        ParameterInfo? bound = null;
        for (var i = 0; i < endpoint.Binders.Length; i++)
        {
            if (endpoint.Binders[i].Description is { Source: ParameterSource.Route } description
                && string.Equals(description.Key, routeParameter.Name, StringComparison.OrdinalIgnoreCase))
            {
                bound = methodParameters[i];
                schema = _schemas.ForValue(Nullable.GetUnderlyingType(description.Type) ?? description.Type);
                SchemaKeywords.ApplyAnnotations(schema, bound.GetCustomAttributes(inherit: true));
                break;
            }
        }

        schema ??= new JsonObject { ["type"] = "string" };
        foreach (var constraint in routeParameter.Constraints)
        {
            SchemaKeywords.ApplyConstraint(schema, constraint);
        }

        if (routeParameter.Default is { } value)
        {
            schema["default"] = SchemaKeywords.IsType(schema, "integer") && long.TryParse(value, out var number) ? JsonValue.Create(number) : JsonValue.Create(value);
        }

        var parameter = new JsonObject { ["name"] = routeParameter.Name, ["in"] = "path", ["required"] = true };
        var docs = bound is null ? null : _docs.Parameter(endpoint.Method, bound.Name!);
        if (routeParameter.IsCatchAll)
        {
            docs = (docs is null ? "" : docs + " ") + "The rest of the path: it may contain '/'.";
        }

        Describe(parameter, docs);
        parameter["schema"] = schema;
        return parameter;
    }

    private JsonObject ValueParameter(ParameterDescription description, object[] attributes, string? docs)
    {
        var parameter = new JsonObject
        {
            ["name"] = description.Key,
            ["in"] = description.Source switch { ParameterSource.Header => "header", ParameterSource.Cookie => "cookie", _ => "query" },
            ["required"] = description.Required,
        };
        Describe(parameter, docs);
        parameter["schema"] = ValueSchema(description, attributes, null);
        return parameter;
    }

    private JsonObject ValueSchema(ParameterDescription description, object[] attributes, string? docs)
    {
        var schema = _schemas.ForValue(description.Type);
        SchemaKeywords.ApplyAnnotations(schema, attributes);
        if (!description.Required && description.Default is { } value && DefaultValue(value) is { } node)
        {
            schema["default"] = node;
        }

        return Describe(schema, docs);
    }

    /// <summary>A query model's simple properties, each a query parameter named as the model binder looks it up.</summary>
    private void AddQueryModel(JsonArray parameters, HashSet<string> described, Type model)
    {
        foreach (var property in ControllerReflection.IsSupported ? ReflectedQueryProperties(model) : _schemas.QueryProperties(model))
        {
            if (!described.Add("Query:" + property.Name))
            {
                continue;
            }

            var attributes = property.GetCustomAttributes(inherit: true);
            var schema = _schemas.ForValue(property.PropertyType);
            SchemaKeywords.ApplyAnnotations(schema, attributes);
            var parameter = new JsonObject { ["name"] = property.Name, ["in"] = "query", ["required"] = SchemaKeywords.IsRequired(attributes) };
            Describe(parameter, _docs.Summary(property));
            parameter["schema"] = schema;
            parameters.Add((JsonNode)parameter);
        }
    }

    /// <summary>The model's public properties of a type the value converter parses, found as the reflection model binder finds them.</summary>
    [RequiresUnreferencedCode("Reads the model's properties and finds their parsers by reflection, as the reflection model binder does.")]
    [RequiresDynamicCode("The value converter closes its parsers over the property types.")]
    private static List<PropertyInfo> ReflectedQueryProperties(Type model)
    {
        var simple = new List<PropertyInfo>();
        foreach (var property in model.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var type = property.PropertyType;
            if (ValueConverter.IsSimple(type) || (ValueConverter.CollectionElement(type) is { } element && ValueConverter.IsSimple(element)))
            {
                simple.Add(property);
            }
        }

        return simple;
    }

    private JsonObject Responses(Endpoint endpoint, bool hasInput)
    {
        var responses = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var returned = Unwrap(endpoint.Method.ReturnType);
        if (returned is null)
        {
            responses["204"] = Response(204, null, null, null);
        }
        else if (typeof(IResult).IsAssignableFrom(returned))
        {
            foreach (var response in ResultDescriptions.For(returned) ?? [])
            {
                responses[Status(response.StatusCode)] = Response(response.StatusCode, response.BodyType, "application/json", null);
            }
        }
        else if (returned == typeof(string))
        {
            responses["200"] = Response(200, typeof(string), "text/plain", null);
        }
        else
        {
            responses["200"] = Response(200, returned, "application/json", null);
        }

        foreach (var declared in endpoint.Metadata.OfType<ProducesResponseTypeAttribute>())
        {
            responses[Status(declared.StatusCode)] = Response(declared.StatusCode, declared.Type, declared.ContentType, declared.Description);
        }

        if (responses.Count == 0)
        {
            responses["default"] = new JsonObject { ["description"] = "Not described: the handler returns IResult. Declare [ProducesResponseType] or return typed results." };
        }

        if (hasInput && !responses.ContainsKey("400"))
        {
            responses["400"] = new JsonObject { ["description"] = "A parameter or the body is missing or invalid." };
        }

        var ordered = new JsonObject();
        foreach (var (status, response) in responses)
        {
            ordered[status] = response;
        }

        return ordered;
    }

    private JsonObject Response(int statusCode, Type? bodyType, string? contentType, string? description)
    {
        var phrase = ReasonPhrases.Get(statusCode);
        var response = new JsonObject { ["description"] = description ?? (phrase.Length > 0 ? phrase : "Status " + statusCode) };
        if (bodyType is not null && contentType is not null)
        {
            response["content"] = new JsonObject { [contentType] = new JsonObject { ["schema"] = _schemas.For(bodyType) } };
        }

        return response;
    }

    /// <summary>The value an action produces: <c>T</c> of <c>Task&lt;T&gt;</c>/<c>ValueTask&lt;T&gt;</c>; null for nothing.</summary>
    private static Type? Unwrap(Type returnType)
    {
        if (returnType == typeof(void) || returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return null;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Task<>) || definition == typeof(ValueTask<>)))
        {
            return returnType.GetGenericArguments()[0];
        }

        return returnType;
    }

    private JsonObject SecuritySchemes()
    {
        var schemes = new JsonObject
        {
            [CookieScheme] = new JsonObject
            {
                ["type"] = "apiKey",
                ["in"] = "cookie",
                ["name"] = _options.AuthenticationCookieName,
                ["description"] = "The authentication cookie set by signing in (cookie authentication).",
            },
        };
        if (_options.HasBearerSecurityScheme)
        {
            schemes[BearerScheme] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" };
        }

        return schemes;
    }

    /// <summary>Unique per document (OpenAPI requires it): <c>UsersController.Show</c>, suffixed by the method when an endpoint has several.</summary>
    private string OperationId(Endpoint endpoint, string method)
    {
        var id = endpoint.DisplayName;
        if (_operationIds.Add(id))
        {
            return id;
        }

        var candidate = id + "_" + method;
        for (var i = 2; !_operationIds.Add(candidate); i++)
        {
            candidate = id + "_" + method + i;
        }

        return candidate;
    }

    /// <summary>
    /// The OpenAPI paths of a template: <c>{name}</c> for each parameter, and one path per leading part when trailing
    /// segments are optional (<c>/blog/{page?}</c> is <c>/blog</c> and <c>/blog/{page}</c>): path parameters are always required.
    /// </summary>
    private static List<(string Key, RouteParameter[] Parameters)> PathVariants(RoutePattern pattern)
    {
        var segments = pattern.Segments;
        var firstOptional = segments.Count;
        while (firstOptional > 0 && segments[firstOptional - 1].Parameter is { IsOptional: true })
        {
            firstOptional--;
        }

        var variants = new List<(string, RouteParameter[])>();
        for (var length = firstOptional; length <= segments.Count; length++)
        {
            var parts = segments.Take(length).Select(s => s.Literal ?? "{" + s.Parameter!.Name + "}");
            RouteParameter[] parameters = [.. segments.Take(length).Where(s => s.Parameter is not null).Select(s => s.Parameter!)];
            variants.Add(("/" + string.Join('/', parts), parameters));
        }

        return variants;
    }

    private static JsonNode? DefaultValue(object value) => value switch
    {
        Enum e => JsonValue.Create(e.ToString()),
        bool or string or int or long or short or byte or double or float or decimal => JsonSerializer.SerializeToNode(value, MicroWebJsonContext.Default.GetTypeInfo(value.GetType())!),
        _ => null,
    };

    private static string Status(int statusCode) => statusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static JsonObject Describe(JsonObject target, string? description)
    {
        if (description is not null)
        {
            target["description"] = description;
        }

        return target;
    }

    private static JsonObject SortedCopy(JsonObject source)
    {
        var sorted = new JsonObject();
        foreach (var name in source.Select(p => p.Key).Order(StringComparer.Ordinal).ToList())
        {
            var value = source[name];
            source.Remove(name);
            sorted[name] = value;
        }

        return sorted;
    }
}
