using DeepCompress.Core;
using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>
/// Finds the compressible layers of a model: the constant float32 weight operand of Conv, ConvTranspose, Gemm and
/// MatMul nodes, in depth-first node order with each subgraph visited at the node that owns it.
/// </summary>
internal sealed class LayerDiscovery
{
    private const int WeightInput = 1;
    private const int MatMulWeightRank = 2;

    private readonly string _modelName;
    private readonly List<WeightLayer> _layers = [];
    private readonly Dictionary<TensorProto, WeightLayer> _byTensor = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, WeightLayer> _byName = new(StringComparer.Ordinal);

    private LayerDiscovery(string modelName)
    {
        _modelName = modelName;
    }

    public static IReadOnlyList<WeightLayer> Find(ModelProto model, string modelName)
    {
        var discovery = new LayerDiscovery(modelName);
        if (model.Graph is not null)
        {
            discovery.Visit(model.Graph, new GraphScope(model.Graph, null, null));
        }

        return discovery._layers;
    }

    private void Visit(GraphProto graph, GraphScope scope)
    {
        foreach (NodeProto node in graph.Node)
        {
            if (NodeLabel.IsDefaultDomain(node))
            {
                VisitOperator(node, scope);
            }

            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    VisitSubgraph(attribute.G, $"subgraph '{attribute.Name}'", node, scope);
                }

                for (int i = 0; i < attribute.Graphs.Count; i++)
                {
                    VisitSubgraph(attribute.Graphs[i], $"subgraph '{attribute.Name}[{i}]'", node, scope);
                }
            }
        }
    }

    private void VisitSubgraph(GraphProto subgraph, string subgraphLabel, NodeProto owner, GraphScope scope)
    {
        string description = $"{subgraphLabel} of {owner.OpType} {NodeLabel.Of(owner)}";
        if (scope.Description is not null)
        {
            description += $" in {scope.Description}";
        }

        Visit(subgraph, new GraphScope(subgraph, scope, description));
    }

    private void VisitOperator(NodeProto node, GraphScope scope)
    {
        switch (node.OpType)
        {
            case OnnxConstants.Ops.Conv:
            case OnnxConstants.Ops.ConvTranspose:
                TryAdd(node, WeightInput, LayerClass.Conv, scope, requiredRank: null);
                break;
            case OnnxConstants.Ops.Gemm:
                TryAdd(node, WeightInput, LayerClass.Fc, scope, requiredRank: null);
                break;
            case OnnxConstants.Ops.MatMul:
                // Either operand of a MatMul can be the weight (x·W or W·x); prefer input 1 as exporters do.
                if (!TryAdd(node, WeightInput, LayerClass.Fc, scope, MatMulWeightRank))
                {
                    TryAdd(node, 0, LayerClass.Fc, scope, MatMulWeightRank);
                }

                break;
            default:
                break;
        }
    }

    private bool TryAdd(NodeProto node, int input, LayerClass layerClass, GraphScope scope, int? requiredRank)
    {
        if (node.Input.Count <= input || !scope.TryResolve(node.Input[input], out ConstantTensor constant))
        {
            return false;
        }

        TensorProto tensor = constant.Tensor;
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float
            || (requiredRank is not null && tensor.Dims.Count != requiredRank))
        {
            return false;
        }

        if (_byTensor.ContainsKey(tensor))
        {
            return true;
        }

        string name = node.Input[input];
        if (_byName.TryGetValue(name, out WeightLayer? existing))
        {
            throw new NotSupportedException(
                $"{_modelName}: two different weight tensors are named '{name}' ({existing.Location} and {constant.Location}); " +
                "layer names must be unique");
        }

        var layer = new WeightLayer(_modelName, name, layerClass, node.OpType, tensor, constant.Location, ShapeOf(tensor, name));
        _layers.Add(layer);
        _byTensor.Add(tensor, layer);
        _byName.Add(name, layer);
        return true;
    }

    private int[] ShapeOf(TensorProto tensor, string name)
    {
        if (tensor.Dims.Count > OnnxConstants.MaxWeightRank)
        {
            throw new NotSupportedException(
                $"{_modelName}: weight '{name}' has {tensor.Dims.Count} dims; at most {OnnxConstants.MaxWeightRank} are supported per layer");
        }

        long count = TensorElements.Count(tensor, _modelName);
        if (count > Array.MaxLength)
        {
            throw new NotSupportedException(
                $"{_modelName}: weight '{name}' has {count} elements; at most {Array.MaxLength} are supported per layer");
        }

        // Every dim is now known to be between 0 and the element count (or any size next to a zero dim).
        var shape = new int[tensor.Dims.Count];
        for (int i = 0; i < shape.Length; i++)
        {
            long dim = tensor.Dims[i];
            if (dim > int.MaxValue)
            {
                throw new NotSupportedException(
                    $"{_modelName}: weight '{name}' has dim {dim}; at most {int.MaxValue} is supported");
            }

            shape[i] = (int)dim;
        }

        return shape;
    }
}
