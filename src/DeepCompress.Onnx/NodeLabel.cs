using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>How messages and locations name a node: by its name, or by its first output when it has none.</summary>
internal static class NodeLabel
{
    public static string Of(NodeProto node)
    {
        if (node.Name.Length > 0)
        {
            return $"'{node.Name}'";
        }

        return node.Output.Count > 0 ? $"(output '{node.Output[0]}')" : "(unnamed)";
    }

    public static bool IsDefaultDomain(NodeProto node) =>
        node.Domain.Length == 0 || node.Domain == OnnxConstants.Ops.DefaultDomain;
}
