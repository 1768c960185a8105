using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MicroWeb.Templates;

/// <summary>Boxed booleans shared by every render, so reading a bool member does not allocate.</summary>
internal static class Boxes
{
    public static readonly object True = true;
    public static readonly object False = false;
}

/// <summary>Reads one property or field of a model object through a delegate compiled once per type.</summary>
internal abstract class MemberAccessor
{
    public abstract object? Get(object target);

    /// <summary>Writes the member's value; typed accessors override it to skip boxing.</summary>
    public virtual void Write(object target, Renderer renderer, bool escape) => renderer.WriteValue(Get(target), escape);
}

internal sealed class ObjectAccessor(Func<object, object?> getter) : MemberAccessor
{
    public override object? Get(object target) => getter(target);
}

internal sealed class BoolAccessor(Func<object, bool> getter) : MemberAccessor
{
    public override object? Get(object target) => getter(target) ? Boxes.True : Boxes.False;

    public override void Write(object target, Renderer renderer, bool escape) => renderer.WriteBool(getter(target));
}

/// <summary>Numbers, dates and other value types format straight into the output buffer without boxing.</summary>
internal sealed class FormattableAccessor<T>(Func<object, T> getter) : MemberAccessor
    where T : struct, ISpanFormattable
{
    public override object? Get(object target) => getter(target);

    public override void Write(object target, Renderer renderer, bool escape) => renderer.WriteFormattable(getter(target), escape);
}

/// <summary>
/// How to look names up in values of one runtime type. Built once per type and cached; the render loop never
/// reflects.
/// </summary>
internal abstract class TypeShape
{
    private static readonly ConcurrentDictionary<Type, TypeShape> s_shapes = new();
    private static readonly Func<Type, TypeShape> s_create = Create;

    /// <summary>Dictionaries are enumerable but are contexts, not lists, in sections.</summary>
    public virtual bool IsDictionary => false;

    /// <summary>
    /// How the engine reads a model of <paramref name="type"/>: dictionaries and JSON without reflection; other types
    /// by reflection over their public members with expression trees compiled per member, which a trimmed or Native
    /// AOT app turns off (<see cref="ModelReflection"/>). Compiled views (<see cref="TemplateAttribute"/>) do not come here.
    /// </summary>
    /// <exception cref="InvalidOperationException">The type needs reflection and it is off.</exception>
    public static TypeShape For(Type type) => s_shapes.GetOrAdd(type, s_create);

    /// <summary>
    /// Finds <paramref name="name"/>. On success the value is either read by <paramref name="accessor"/> from the
    /// target (objects) or already in <paramref name="value"/> (dictionaries, JSON).
    /// </summary>
    public abstract bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value);

    private static TypeShape Create(Type type)
    {
        if (type == typeof(string) || type.IsPrimitive || type.IsEnum || type == typeof(decimal))
            return NoMembersShape.Instance;
        if (type == typeof(JsonElement))
            return JsonElementShape.Instance;
        if (typeof(JsonObject).IsAssignableFrom(type))
            return JsonObjectShape.Instance;
        if (typeof(JsonNode).IsAssignableFrom(type))
            return NoMembersShape.Instance;
        if (typeof(IDictionary<string, object?>).IsAssignableFrom(type))
            return StringObjectDictionaryShape.Instance;
        if (ModelReflection.IsSupported)
            return Reflect(type);
        if (typeof(IDictionary).IsAssignableFrom(type))
            return DictionaryShape.Instance;
        // A list is iterated by sections and has no member a template reads without reflection; a read-only
        // dictionary of another value type is not a list, and gets the error below rather than iterating its pairs.
        if (typeof(IEnumerable).IsAssignableFrom(type) && !IsReadOnlyStringDictionary(type))
            return NoMembersShape.Instance;
        throw new InvalidOperationException(
            $"The runtime template engine cannot read a model of type {type}: that needs reflection, which is off in a trimmed or Native AOT app "
            + "(MicroWeb.Templates.Reflection=false). Render a compiled view ([Template]), or pass a dictionary or JSON model; see docs/aot.md.");
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "The type is a live model's GetType(): the interfaces it is cast to are kept with it, and an interface no code uses is not one it is read as.")]
    private static bool IsReadOnlyStringDictionary(Type type)
    {
        foreach (var face in type.GetInterfaces())
        {
            if (face.IsGenericType && face.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && face.GetGenericArguments()[0] == typeof(string))
                return true;
        }
        return false;
    }

    [RequiresUnreferencedCode("The runtime template engine reads the model's public properties and fields through reflection; use compiled views ([Template]) in trimmed apps.")]
    [RequiresDynamicCode("The runtime template engine compiles an expression tree per model member; use compiled views ([Template]) in Native AOT apps.")]
    private static TypeShape Reflect(Type type)
    {
        var readOnly = type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)
                && i.GetGenericArguments()[0] == typeof(string));
        if (readOnly is not null)
            return (TypeShape)Activator.CreateInstance(typeof(ReadOnlyDictionaryShape<>).MakeGenericType(readOnly.GetGenericArguments()[1]))!;
        if (typeof(IDictionary).IsAssignableFrom(type))
            return DictionaryShape.Instance;
        return new ObjectShape(type);
    }

    private sealed class NoMembersShape : TypeShape
    {
        public static readonly NoMembersShape Instance = new();

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            accessor = null;
            value = null;
            return false;
        }
    }

    private sealed class StringObjectDictionaryShape : TypeShape
    {
        public static readonly StringObjectDictionaryShape Instance = new();

        public override bool IsDictionary => true;

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            accessor = null;
            return ((IDictionary<string, object?>)target).TryGetValue(name, out value);
        }
    }

    private sealed class ReadOnlyDictionaryShape<TValue> : TypeShape
    {
        public override bool IsDictionary => true;

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            accessor = null;
            if (((IReadOnlyDictionary<string, TValue>)target).TryGetValue(name, out var found))
            {
                value = found;
                return true;
            }
            value = null;
            return false;
        }
    }

    private sealed class DictionaryShape : TypeShape
    {
        public static readonly DictionaryShape Instance = new();

        public override bool IsDictionary => true;

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            accessor = null;
            var dictionary = (IDictionary)target;
            if (dictionary.Contains(name))
            {
                value = dictionary[name];
                return true;
            }
            value = null;
            return false;
        }
    }

    private sealed class JsonElementShape : TypeShape
    {
        public static readonly JsonElementShape Instance = new();

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            accessor = null;
            var element = (JsonElement)target;
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var found))
            {
                value = found;
                return true;
            }
            value = null;
            return false;
        }
    }

    private sealed class JsonObjectShape : TypeShape
    {
        public static readonly JsonObjectShape Instance = new();

        public override bool IsDictionary => true;

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            accessor = null;
            if (((JsonObject)target).TryGetPropertyValue(name, out var found))
            {
                value = found;
                return true;
            }
            value = null;
            return false;
        }
    }

    /// <summary>
    /// Public instance properties and fields. Keys match the member name exactly or, failing that, ignoring case,
    /// so <c>&lt;&lt;title&gt;&gt;</c> finds <c>Title</c>.
    /// </summary>
    private sealed class ObjectShape : TypeShape
    {
        private readonly FrozenDictionary<string, MemberAccessor> _exact;
        private readonly FrozenDictionary<string, MemberAccessor> _ignoreCase;

        [RequiresUnreferencedCode("Reads the model's public properties and fields through reflection.")]
        [RequiresDynamicCode("Compiles an expression tree per model member.")]
        public ObjectShape(Type type)
        {
            var members = new Dictionary<string, MemberAccessor>(StringComparer.Ordinal);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0 && !property.PropertyType.IsByRefLike)
                    members.TryAdd(property.Name, Compile(type, property, property.PropertyType));
            }
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!field.FieldType.IsByRefLike)
                    members.TryAdd(field.Name, Compile(type, field, field.FieldType));
            }
            _exact = members.ToFrozenDictionary(StringComparer.Ordinal);
            var ignoreCase = new Dictionary<string, MemberAccessor>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, accessor) in members)
                ignoreCase.TryAdd(name, accessor);
            _ignoreCase = ignoreCase.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        }

        public override bool TryFind(object target, string name, out MemberAccessor? accessor, out object? value)
        {
            value = null;
            return _exact.TryGetValue(name, out accessor) || _ignoreCase.TryGetValue(name, out accessor);
        }

        [RequiresUnreferencedCode("Reads the model's public properties and fields through reflection.")]
        [RequiresDynamicCode("Compiles an expression tree per model member.")]
        private static MemberAccessor Compile(Type owner, MemberInfo member, Type memberType)
        {
            var target = Expression.Parameter(typeof(object), "target");
            var read = Expression.MakeMemberAccess(Expression.Convert(target, owner), member);
            if (memberType == typeof(bool))
                return new BoolAccessor(Expression.Lambda<Func<object, bool>>(read, target).Compile());
            if (memberType.IsValueType && !memberType.IsEnum && typeof(ISpanFormattable).IsAssignableFrom(memberType))
            {
                var getterType = typeof(Func<,>).MakeGenericType(typeof(object), memberType);
                var getter = Expression.Lambda(getterType, read, target).Compile();
                return (MemberAccessor)Activator.CreateInstance(typeof(FormattableAccessor<>).MakeGenericType(memberType), getter)!;
            }
            var boxed = Expression.Convert(read, typeof(object));
            return new ObjectAccessor(Expression.Lambda<Func<object, object?>>(boxed, target).Compile());
        }
    }
}
