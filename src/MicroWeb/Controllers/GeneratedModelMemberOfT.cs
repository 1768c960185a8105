using Microsoft.Extensions.Primitives;

namespace MicroWeb.Controllers;

/// <summary>The <see cref="GeneratedModelMember"/> of a <typeparamref name="T"/>: reads its value typed, without boxing.</summary>
/// <param name="name">The member's name.</param>
/// <param name="converter">Its converter from text; null for uploaded files.</param>
internal sealed class GeneratedModelMember<T>(string name, ValueConverter<T>? converter) : GeneratedModelMember(name)
{
    internal override Type Type => typeof(T);

    internal override bool IsFiles => converter is null;

    /// <summary>Reads the member's value; false when the request has none (or it did not convert, which is recorded).</summary>
    public bool TryRead(BindingContext binding, IReadOnlyDictionary<string, StringValues> values, FormCollection? form, int routeIndex, out T value)
    {
        if (converter is null)
        {
            value = (T)FormFiles.Read(form, Name, typeof(T))!;
            return value is not null;
        }

        if (!ModelValidation.TryRaw(binding, values, Name, routeIndex, typeof(T) == typeof(string), out var raw))
        {
            value = default!;
            return false;
        }

        if (converter.TryConvert(raw, out value, out var bad))
        {
            return true;
        }

        ModelValidation.Fail(binding, Name, bad, converter.TypeName);
        return false;
    }
}
