using System.Buffers;

namespace MicroWeb;

/// <summary>Renders compiled views (<see cref="ICompiledView"/>) outside a request: to a buffer or a string.</summary>
public static class CompiledView
{
    /// <summary>Renders <paramref name="view"/> as UTF-8 into <paramref name="output"/>.</summary>
    /// <param name="view">The compiled view.</param>
    /// <param name="output">Receives the page.</param>
    public static void Render(ICompiledView view, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(output);
        var writer = CompiledViewWriter.Rent(output, null);
        try
        {
            view.Render(writer);
            writer.Flush();
        }
        finally
        {
            writer.Return();
        }
    }

    /// <summary>Renders only block <paramref name="block"/> of <paramref name="view"/> into <paramref name="output"/>; false (nothing written) when the view has no such block.</summary>
    /// <param name="view">The compiled view.</param>
    /// <param name="block">The block's name.</param>
    /// <param name="output">Receives the fragment.</param>
    public static bool RenderFragment(ICompiledView view, string block, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(output);
        var writer = CompiledViewWriter.Rent(output, null);
        try
        {
            var found = view.RenderFragment(block, writer);
            writer.Flush();
            return found;
        }
        finally
        {
            writer.Return();
        }
    }

    /// <summary>Renders <paramref name="view"/> and returns the page as a string.</summary>
    /// <param name="view">The compiled view.</param>
    public static string RenderToString(ICompiledView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        // No sink: the writer's buffer grows to hold the whole page, which is decoded once.
        var writer = CompiledViewWriter.Rent(null, null);
        try
        {
            view.Render(writer);
            return writer.WrittenText();
        }
        finally
        {
            writer.Return();
        }
    }

    /// <summary>Renders the page, or block <paramref name="block"/> when not null, into a stream (the response body); false when there is no such block.</summary>
    internal static bool Render(ICompiledView view, string? block, Stream output)
    {
        var writer = CompiledViewWriter.Rent(null, output);
        try
        {
            var found = true;
            if (block is null)
                view.Render(writer);
            else
                found = view.RenderFragment(block, writer);
            writer.Flush();
            return found;
        }
        finally
        {
            writer.Return();
        }
    }
}
