using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using MicroWeb.HttpResults;

namespace MicroWeb.Controllers;

/// <summary>
/// Turns whatever an action returned into an <see cref="IResult"/>: awaits tasks, then maps
/// <see cref="IResult"/> as is, a string to text/plain, nothing (void, <see cref="Task"/>, null) to 204 unless
/// the handler wrote the response itself, and anything else to JSON. The awaiting is chosen once per return type at startup.
/// </summary>
internal static class ActionResultAdapter
{
    /// <summary>The function that unwraps a returned task, or null when the return type is not awaitable.</summary>
    /// <param name="returnType">The action's or handler's return type.</param>
    /// <param name="generated">The generator's unwrapper for a generic task; null makes one by reflection.</param>
    public static Func<object, ValueTask<object?>>? Unwrapper(Type returnType, Func<object, ValueTask<object?>>? generated = null)
    {
        if (generated is not null)
        {
            return generated;
        }

        if (returnType == typeof(Task))
        {
            return static returned => AwaitTask((Task)returned);
        }

        if (returnType == typeof(ValueTask))
        {
            return static returned => AwaitValueTask((ValueTask)returned);
        }

        if (returnType.IsGenericType)
        {
            var definition = returnType.GetGenericTypeDefinition();
            var helper = definition == typeof(Task<>) ? nameof(UnwrapTask)
                : definition == typeof(ValueTask<>) ? nameof(UnwrapValueTask)
                : null;
            if (helper is not null)
            {
                if (!ControllerReflection.IsSupported)
                {
                    throw ControllerReflection.NotGenerated($"Awaiting {returnType} without a generated table");
                }

                return MakeUnwrapper(helper, returnType.GetGenericArguments()[0]);
            }
        }

        if (typeof(Task).IsAssignableFrom(returnType))
        {
            throw new InvalidOperationException($"Return type {returnType} is not supported; return Task, Task<T>, ValueTask or ValueTask<T>.");
        }

        return null;
    }

    /// <summary>Executes a returned (and awaited) value; strings and values are written without allocating a result for them.</summary>
    public static Task ExecuteAsync(object? value, HttpContext context) => value switch
    {
        // A handler that returns nothing but wrote the response itself (or set its status) has answered.
        null => HasAnswered(context.Response) ? Task.CompletedTask : StatusCodeResult.NoContent.ExecuteAsync(context),
        IResult result => result.ExecuteAsync(context),
        string text => TextResult.WriteAsync(context, text, TextResult.PlainText, 200),
        _ => JsonResult.WriteAsync(context, value, 200),
    };

    private static bool HasAnswered(HttpResponse response) =>
        response.HasStarted || response.BytesWritten > 0 || response.StatusCode != 200;

    private static async ValueTask<object?> AwaitTask(Task task)
    {
        await task.ConfigureAwait(false);
        return null;
    }

    private static ValueTask<object?> AwaitValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return default;
        }

        return Slow(task);

        static async ValueTask<object?> Slow(ValueTask task)
        {
            await task.ConfigureAwait(false);
            return null;
        }
    }

    [RequiresUnreferencedCode("Finds the awaiting helper by reflection.")]
    [RequiresDynamicCode("Closes the awaiting helper over the task's result type at run time.")]
    private static Func<object, ValueTask<object?>> MakeUnwrapper(string helper, Type result) =>
        typeof(ActionResultAdapter).GetMethod(helper, BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(result)
            .CreateDelegate<Func<object, ValueTask<object?>>>();

    internal static ValueTask<object?> UnwrapTask<T>(object returned)
    {
        var task = (Task<T>)returned;
        return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Slow(task);

        static async ValueTask<object?> Slow(Task<T> task) => await task.ConfigureAwait(false);
    }

    internal static ValueTask<object?> UnwrapValueTask<T>(object returned)
    {
        var task = (ValueTask<T>)returned;
        return task.IsCompletedSuccessfully ? new ValueTask<object?>(task.Result) : Slow(task);

        static async ValueTask<object?> Slow(ValueTask<T> task) => await task.ConfigureAwait(false);
    }
}
