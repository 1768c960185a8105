using System.ComponentModel.DataAnnotations;

namespace MicroWeb.Controllers;

/// <summary>
/// Uploaded files from a multipart form, by field name: one <see cref="FormFile"/> (the first of that
/// name), or all of them as an array, <c>List&lt;FormFile&gt;</c> or read-only interface.
/// </summary>
internal sealed class FormFileBinder<T>(string name, string key, bool required, ValidationAttribute[] validators)
    : ParameterBinder<T>(name, validators)
    where T : class
{
    public override bool ReadsForm => true;

    public override ParameterDescription Description => new(key, ParameterSource.FormFile, typeof(T), required, null);

    public override T Bind(BindingContext binding)
    {
        var value = (T?)FormFiles.Read(binding.Form, key, typeof(T));
        if (value is null && required)
        {
            binding.Fail(Name, $"A file for '{Name}' is required (multipart form field '{key}').");
            return default!;
        }

        Validate(binding, value!);
        return value!;
    }
}

/// <summary>Reading uploaded files by field name, for parameters and model members alike.</summary>
internal static class FormFiles
{
    /// <summary>True for <see cref="FormFile"/> and collections of it.</summary>
    public static bool Supports(Type type) =>
        type == typeof(FormFile) || ValueConverter.CollectionElement(type) == typeof(FormFile);

    /// <summary>Reads the files named <paramref name="key"/> as <paramref name="type"/> (see <see cref="Supports"/>); also used for model members.</summary>
    internal static object? Read(FormCollection? form, string key, Type type)
    {
        if (type == typeof(FormFile))
        {
            return form?.GetFile(key);
        }

        var files = form?.Files ?? [];
        var matching = new List<FormFile>();
        foreach (var file in files)
        {
            if (string.Equals(file.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                matching.Add(file);
            }
        }

        return type == typeof(List<FormFile>) ? matching : matching.ToArray();
    }
}
