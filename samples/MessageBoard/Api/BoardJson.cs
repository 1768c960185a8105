using System.Text.Json.Serialization;

namespace MessageBoard.Api;

/// <summary>
/// The API's JSON types, source-generated so a Native AOT board (reflection-based JSON off) writes and reads them,
/// and the OpenAPI document gets their schemas from the same contract. Registered first in the app's resolver chain
/// (<see cref="MessageBoardApp"/>, <c>ConfigureJson</c>); the app's naming policy (camelCase) still applies.
/// </summary>
[JsonSerializable(typeof(ApiMessage))]
[JsonSerializable(typeof(ApiMessagePage))]
[JsonSerializable(typeof(NewApiMessage))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(TokenError))]
[JsonSerializable(typeof(ApiProblemDetails))]
[JsonSerializable(typeof(ApiValidationProblemDetails))]
internal sealed partial class BoardJson : JsonSerializerContext;
