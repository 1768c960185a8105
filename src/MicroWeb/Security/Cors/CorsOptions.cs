using MicroWeb.Security.Cors;

namespace MicroWeb;

/// <summary>The named CORS policies and the default one, given to <see cref="CorsServiceCollectionExtensions.AddCors"/>.</summary>
public sealed class CorsOptions
{
    private readonly Dictionary<string, CorsPolicy> _policies = new(StringComparer.Ordinal);

    internal CorsOptions()
    {
    }

    internal CorsPolicy? DefaultPolicy { get; private set; }

    /// <summary>Adds a policy for <c>UseCors(name)</c> and <c>[EnableCors(name)]</c>.</summary>
    /// <exception cref="InvalidOperationException">The policy breaks a rule of the CORS protocol, or the name is taken; the message names the policy.</exception>
    public CorsOptions AddPolicy(string name, Action<CorsPolicyBuilder> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        if (_policies.ContainsKey(name)) throw new InvalidOperationException($"A CORS policy named '{name}' was already added.");
        _policies.Add(name, Build(name, configure));
        return this;
    }

    /// <summary>Sets the policy of <c>UseCors()</c> and <c>[EnableCors]</c> without a name.</summary>
    /// <exception cref="InvalidOperationException">The policy breaks a rule of the CORS protocol, or a default was already set.</exception>
    public CorsOptions AddDefaultPolicy(Action<CorsPolicyBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        if (DefaultPolicy is not null) throw new InvalidOperationException("A default CORS policy was already added.");
        DefaultPolicy = Build("(default)", configure);
        return this;
    }

    /// <summary>The policy for a name (null: the default).</summary>
    /// <exception cref="InvalidOperationException">There is no such policy; the message says what to add.</exception>
    internal CorsPolicy Resolve(string? name, string user)
    {
        if (name is null)
        {
            return DefaultPolicy ?? throw new InvalidOperationException(
                $"{user} uses the default CORS policy, but there is none: add one with builder.Services.AddCors(o => o.AddDefaultPolicy(p => ...)), or name a policy.");
        }
        return _policies.TryGetValue(name, out var policy) ? policy : throw new InvalidOperationException(
            $"{user} names the CORS policy '{name}', but there is none by that name: add it with builder.Services.AddCors(o => o.AddPolicy(\"{name}\", p => ...)).");
    }

    private static CorsPolicy Build(string name, Action<CorsPolicyBuilder> configure)
    {
        var builder = new CorsPolicyBuilder();
        configure(builder);
        return CorsPolicy.Create(name, builder);
    }
}
