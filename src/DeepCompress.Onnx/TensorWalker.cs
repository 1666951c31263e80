using DeepCompress.Onnx.Proto;

namespace DeepCompress.Onnx;

/// <summary>
/// Every <see cref="TensorProto"/> a model holds, wherever it is stored (initializers, sparse initializers, tensor
/// attributes, subgraphs at any depth, training graphs, functions), in a fixed order so that writers are
/// deterministic.
/// </summary>
internal static class TensorWalker
{
    /// <summary>A tensor and how many messages enclose it (each adds a length prefix to the serialized size).</summary>
    public readonly record struct Found(TensorProto Tensor, int Depth);

    public static List<Found> All(ModelProto model)
    {
        var found = new List<Found>();
        if (model.Graph is not null)
        {
            VisitGraph(model.Graph, 1, found);
        }

        foreach (TrainingInfoProto training in model.TrainingInfo)
        {
            if (training.Initialization is not null)
            {
                VisitGraph(training.Initialization, 2, found);
            }

            if (training.Algorithm is not null)
            {
                VisitGraph(training.Algorithm, 2, found);
            }
        }

        foreach (FunctionProto function in model.Functions)
        {
            foreach (NodeProto node in function.Node)
            {
                VisitNode(node, 2, found);
            }
        }

        return found;
    }

    private static void VisitGraph(GraphProto graph, int depth, List<Found> found)
    {
        foreach (TensorProto tensor in graph.Initializer)
        {
            found.Add(new Found(tensor, depth + 1));
        }

        foreach (SparseTensorProto sparse in graph.SparseInitializer)
        {
            VisitSparse(sparse, depth + 1, found);
        }

        foreach (NodeProto node in graph.Node)
        {
            VisitNode(node, depth + 1, found);
        }
    }

    private static void VisitNode(NodeProto node, int depth, List<Found> found)
    {
        foreach (AttributeProto attribute in node.Attribute)
        {
            int inner = depth + 2;
            if (attribute.T is not null)
            {
                found.Add(new Found(attribute.T, inner));
            }

            foreach (TensorProto tensor in attribute.Tensors)
            {
                found.Add(new Found(tensor, inner));
            }

            if (attribute.SparseTensor is not null)
            {
                VisitSparse(attribute.SparseTensor, inner, found);
            }

            foreach (SparseTensorProto sparse in attribute.SparseTensors)
            {
                VisitSparse(sparse, inner, found);
            }

            if (attribute.G is not null)
            {
                VisitGraph(attribute.G, inner, found);
            }

            foreach (GraphProto graph in attribute.Graphs)
            {
                VisitGraph(graph, inner, found);
            }
        }
    }

    private static void VisitSparse(SparseTensorProto sparse, int depth, List<Found> found)
    {
        if (sparse.Values is not null)
        {
            found.Add(new Found(sparse.Values, depth + 1));
        }

        if (sparse.Indices is not null)
        {
            found.Add(new Found(sparse.Indices, depth + 1));
        }
    }
}
