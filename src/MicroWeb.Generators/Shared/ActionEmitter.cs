using System.Text;

namespace MicroWeb.Generators.Shared;

/// <summary>
/// Writes a <c>new GeneratedAction(…)</c> expression: the parameter types, their <c>GeneratedParameter</c>s, the
/// awaiting, and the typed invoker that binds into typed locals and makes the call. Controller actions and handler
/// delegates share it, so both call their code the same way (docs/aot.md).
/// </summary>
internal static class ActionEmitter
{
    /// <param name="code">Where to write.</param>
    /// <param name="indent">The indentation of the first line; the rest is 4 and 8 columns deeper.</param>
    /// <param name="name">The action's name (the method's, or the mapper's for a handler delegate).</param>
    /// <param name="parameterTypes">The parameters' types, fully qualified.</param>
    /// <param name="parameters">Per parameter, its <c>GeneratedParameter</c> expression.</param>
    /// <param name="unwrap">The awaiting of a returned generic task; null for other return types.</param>
    /// <param name="invoker">The invoker lambda's head: <c>static (controller, arguments) =&gt;</c>.</param>
    /// <param name="target">What the bound arguments are passed to: <c>((T)controller).@Show</c>, <c>typed</c>.</param>
    /// <param name="returnsVoid">True when the call returns nothing: the invoker returns null.</param>
    public static void Emit(StringBuilder code, string indent, string name, EquatableArray<string> parameterTypes, EquatableArray<string> parameters, string? unwrap, string invoker, string target, bool returnsVoid)
    {
        var inner = indent + "    ";
        var body = inner + "    ";
        code.Append(indent).Append("new global::MicroWeb.GeneratedAction(\"").Append(name).Append("\", new global::System.Type[] { ");
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            code.Append(i == 0 ? "" : ", ").Append("typeof(").Append(parameterTypes[i]).Append(')');
        }

        code.AppendLine(" },");
        code.Append(inner).Append("new global::MicroWeb.GeneratedParameter[] { ");
        for (var i = 0; i < parameters.Length; i++)
        {
            code.Append(i == 0 ? "" : ", ").Append(parameters[i]);
        }

        code.AppendLine(" },");
        code.Append(inner).Append(unwrap ?? "null").AppendLine(",");
        code.Append(inner).AppendLine(invoker);
        code.Append(inner).AppendLine("{");
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            code.Append(body).Append("var a").Append(i).Append(" = arguments.Get<").Append(parameterTypes[i]).Append(">(").Append(i).AppendLine(");");
        }

        if (parameterTypes.Length > 0)
        {
            code.Append(body).AppendLine("if (arguments.Failed)");
            code.Append(body).AppendLine("{");
            code.Append(body).AppendLine("    return null;");
            code.Append(body).AppendLine("}");
            code.AppendLine();
        }

        var call = new StringBuilder(target).Append('(');
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            call.Append(i == 0 ? "" : ", ").Append('a').Append(i);
        }

        call.Append(')');
        if (returnsVoid)
        {
            code.Append(body).Append(call).AppendLine(";");
            code.Append(body).AppendLine("return null;");
        }
        else
        {
            code.Append(body).Append("return ").Append(call).AppendLine(";");
        }

        code.Append(inner).Append('}');
    }
}
