using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace MicroWeb;

/// <summary>
/// Validation errors of the values bound for one request, by key (a parameter name, or a property name of a
/// bound model), compared case-insensitively. Errors here do not stop the action: it decides, typically by
/// showing the form again with the messages.
/// </summary>
/// <example>
/// <code>
/// [HttpPost("/signup")]
/// public IResult Signup(SignupForm form) =>
///     ModelState.IsValid ? Redirect("/welcome") : View("signup.html", new { form, errors = ModelState });
/// </code>
/// </example>
public sealed class ModelStateDictionary : IReadOnlyDictionary<string, IReadOnlyList<string>>
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when no errors were recorded.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>The number of errors over all keys.</summary>
    public int ErrorCount
    {
        get
        {
            var count = 0;
            foreach (var messages in _errors.Values)
            {
                count += messages.Count;
            }

            return count;
        }
    }

    /// <summary>The number of keys with errors.</summary>
    public int Count => _errors.Count;

    /// <summary>The keys with errors, in the order first recorded.</summary>
    public IEnumerable<string> Keys => _errors.Keys;

    /// <summary>The error lists, in the order of <see cref="Keys"/>.</summary>
    public IEnumerable<IReadOnlyList<string>> Values => _errors.Values;

    /// <summary>The errors for <paramref name="key"/>; an empty list (not an exception) when it has none.</summary>
    public IReadOnlyList<string> this[string key] => _errors.TryGetValue(key, out var messages) ? messages : [];

    /// <summary>Records an error, e.g. one the action found itself (“that name is taken”).</summary>
    /// <param name="key">The parameter or property the error belongs to.</param>
    /// <param name="message">A message to show the user.</param>
    public void AddModelError(string key, string message)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        if (!_errors.TryGetValue(key, out var messages))
        {
            messages = [];
            _errors.Add(key, messages);
        }

        messages.Add(message);
    }

    /// <summary>The first error for <paramref name="key"/>, or <see langword="null"/>; handy next to a form field.</summary>
    public string? GetError(string key) => _errors.TryGetValue(key, out var messages) ? messages[0] : null;

    /// <summary>True when <paramref name="key"/> has errors.</summary>
    public bool ContainsKey(string key) => _errors.ContainsKey(key);

    /// <summary>Gets the errors for <paramref name="key"/> when it has any.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out IReadOnlyList<string> value)
    {
        var found = _errors.TryGetValue(key, out var messages);
        value = messages;
        return found;
    }

    /// <summary>Enumerates the keys with their errors.</summary>
    public IEnumerator<KeyValuePair<string, IReadOnlyList<string>>> GetEnumerator()
    {
        foreach (var entry in _errors)
        {
            yield return new KeyValuePair<string, IReadOnlyList<string>>(entry.Key, entry.Value);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
