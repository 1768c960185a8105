namespace MicroWeb.Controllers;

/// <summary>Where a bound parameter's value comes from, as an API description states it.</summary>
internal enum ParameterSource
{
    Route,
    Query,
    Header,
    Cookie,
    /// <summary>A simple value from the form (urlencoded or multipart).</summary>
    Form,
    /// <summary>An uploaded file, or several, from a multipart form.</summary>
    FormFile,
    /// <summary>The JSON request body.</summary>
    Body,
    /// <summary>A model built from the form.</summary>
    FormModel,
    /// <summary>A model built from the query string.</summary>
    QueryModel,
    /// <summary>A model without a binding attribute: the form when the request has one, else the JSON body, else the query string.</summary>
    Model,
}

/// <summary>
/// What a binder reads, decided at startup (<see cref="ParameterBinder.Description"/>); the OpenAPI document is built
/// from it, so the description cannot drift from what binding does.
/// </summary>
/// <param name="Key">The name in the source: the route parameter, query key, header field, cookie or form field.</param>
/// <param name="Source">Where the value comes from.</param>
/// <param name="Type">The parameter's type.</param>
/// <param name="Required">The action cannot run without it (a missing value is a 400).</param>
/// <param name="Default">The value used when it is missing and not required.</param>
internal sealed record ParameterDescription(string Key, ParameterSource Source, Type Type, bool Required, object? Default);
