using MicroWeb.HttpResults;

namespace MicroWeb;

/// <summary>
/// One of two typed results, as a return type: <c>Results&lt;Ok&lt;Message&gt;, NotFound&gt;</c>. Returning either
/// kind converts implicitly; the OpenAPI document lists the responses of both.
/// </summary>
/// <typeparam name="TResult1">The first kind, e.g. <see cref="Ok{TValue}"/>.</typeparam>
/// <typeparam name="TResult2">The second kind.</typeparam>
[DescribedResult]
public sealed class Results<TResult1, TResult2> : IResult
    where TResult1 : IResult
    where TResult2 : IResult
{
    private Results(IResult result) => Result = result;

    /// <summary>The result returned.</summary>
    public IResult Result { get; }

    /// <summary>Wraps the first kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2>(TResult1 result) => new(result);

    /// <summary>Wraps the second kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2>(TResult2 result) => new(result);

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => Result.ExecuteAsync(context);
}

/// <summary>One of three typed results, as a return type; see <see cref="Results{TResult1, TResult2}"/>.</summary>
/// <typeparam name="TResult1">The first kind.</typeparam>
/// <typeparam name="TResult2">The second kind.</typeparam>
/// <typeparam name="TResult3">The third kind.</typeparam>
[DescribedResult]
public sealed class Results<TResult1, TResult2, TResult3> : IResult
    where TResult1 : IResult
    where TResult2 : IResult
    where TResult3 : IResult
{
    private Results(IResult result) => Result = result;

    /// <summary>The result returned.</summary>
    public IResult Result { get; }

    /// <summary>Wraps the first kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3>(TResult1 result) => new(result);

    /// <summary>Wraps the second kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3>(TResult2 result) => new(result);

    /// <summary>Wraps the third kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3>(TResult3 result) => new(result);

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => Result.ExecuteAsync(context);
}

/// <summary>One of four typed results, as a return type; see <see cref="Results{TResult1, TResult2}"/>.</summary>
/// <typeparam name="TResult1">The first kind.</typeparam>
/// <typeparam name="TResult2">The second kind.</typeparam>
/// <typeparam name="TResult3">The third kind.</typeparam>
/// <typeparam name="TResult4">The fourth kind.</typeparam>
[DescribedResult]
public sealed class Results<TResult1, TResult2, TResult3, TResult4> : IResult
    where TResult1 : IResult
    where TResult2 : IResult
    where TResult3 : IResult
    where TResult4 : IResult
{
    private Results(IResult result) => Result = result;

    /// <summary>The result returned.</summary>
    public IResult Result { get; }

    /// <summary>Wraps the first kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3, TResult4>(TResult1 result) => new(result);

    /// <summary>Wraps the second kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3, TResult4>(TResult2 result) => new(result);

    /// <summary>Wraps the third kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3, TResult4>(TResult3 result) => new(result);

    /// <summary>Wraps the fourth kind.</summary>
    /// <param name="result">The result.</param>
    public static implicit operator Results<TResult1, TResult2, TResult3, TResult4>(TResult4 result) => new(result);

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext context) => Result.ExecuteAsync(context);
}
