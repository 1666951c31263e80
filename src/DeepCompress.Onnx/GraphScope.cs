using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>
/// The names one graph defines, chained to the enclosing graph's scope: a subgraph sees outer-scope values, but a
/// name the subgraph itself produces (an input or a non-constant node output) hides any outer constant.
/// </summary>
internal sealed class GraphScope
{
    private readonly GraphScope? _parent;
    private readonly Dictionary<string, ConstantTensor> _constants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _computed = new(StringComparer.Ordinal);

    /// <param name="graph">The graph whose names this scope holds.</param>
    /// <param name="parent">The enclosing graph's scope; null for the main graph.</param>
    /// <param name="description">"subgraph 'then_branch' of If 'if0'"; null for the main graph.</param>
    public GraphScope(GraphProto graph, GraphScope? parent, string? description)
    {
        _parent = parent;
        Description = description;
        string initializerLocation = description ?? "initializer";
        foreach (TensorProto initializer in graph.Initializer)
        {
            _constants[initializer.Name] = new ConstantTensor(initializer, initializerLocation);
        }

        // Inputs with an initializer of the same name keep the initializer as their value (ONNX's "default value");
        // the model is compressed with that value, as exporters for old opsets list every weight as an input.
        foreach (ValueInfoProto input in graph.Input)
        {
            if (!_constants.ContainsKey(input.Name))
            {
                _computed.Add(input.Name);
            }
        }

        foreach (NodeProto node in graph.Node)
        {
            TensorProto? value = ConstantValue(node);
            if (value is not null && node.Output.Count == 1)
            {
                string location = $"Constant node {NodeLabel.Of(node)}";
                if (description is not null)
                {
                    location += $" in {description}";
                }

                _constants[node.Output[0]] = new ConstantTensor(value, location);
                continue;
            }

            foreach (string output in node.Output)
            {
                _computed.Add(output);
            }
        }
    }

    /// <summary>Where this graph sits ("subgraph 'body' of Loop 'loop0'"); null for the main graph.</summary>
    public string? Description { get; }

    /// <summary>The constant tensor <paramref name="name"/> refers to in this scope, if it is one.</summary>
    public bool TryResolve(string name, out ConstantTensor constant)
    {
        for (GraphScope? scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._constants.TryGetValue(name, out constant))
            {
                return true;
            }

            if (scope._computed.Contains(name))
            {
                break;
            }
        }

        constant = default;
        return false;
    }

    /// <summary>The <c>value</c> tensor of a Constant node of the default domain; null for any other node.</summary>
    private static TensorProto? ConstantValue(NodeProto node)
    {
        if (node.OpType != OnnxConstants.Ops.Constant || !NodeLabel.IsDefaultDomain(node))
        {
            return null;
        }

        foreach (AttributeProto attribute in node.Attribute)
        {
            if (attribute.Name == OnnxConstants.Ops.ConstantValueAttribute && attribute.T is not null)
            {
                return attribute.T;
            }
        }

        return null;
    }
}
