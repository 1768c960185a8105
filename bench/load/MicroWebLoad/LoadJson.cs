using System.Text.Json.Serialization;
using LoadBench;

/// <summary>
/// Source-generated JSON metadata for /json and /users/{id}. Native AOT has no reflection-based serialization, and the
/// JIT build registers the same context so that microweb and microweb-aot are one app compiled two ways.
/// </summary>
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(UserInfo))]
internal sealed partial class LoadJson : JsonSerializerContext;
