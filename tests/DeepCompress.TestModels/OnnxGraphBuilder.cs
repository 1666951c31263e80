using System.Buffers.Binary;
using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.TestModels;

/// <summary>
/// Builds one ONNX graph: inputs, outputs, nodes, and seeded random float tensors stored as initializers or
/// Constant nodes. Test code uses it for hand-made graphs the factory does not cover.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The symbolic batch dimension of every test model's inputs and outputs.</summary>
    public const string BatchDim = "batch";

    private readonly Random _random;
    private readonly WeightStorage _storage;

    /// <param name="name">The graph's name.</param>
    /// <param name="random">Source of the weights; a seeded instance makes the model reproducible.</param>
    /// <param name="storage">Where <see cref="RandomWeight"/> and <see cref="Constant"/> put tensors; External keeps them as initializers (see <see cref="TestModel.WithExternalData"/>).</param>
    public OnnxGraphBuilder(string name, Random random, WeightStorage storage = WeightStorage.Initializer)
    {
        Graph = new GraphProto { Name = name };
        _random = random;
        _storage = storage;
    }

    public GraphProto Graph { get; }

    /// <summary>A float tensor uniform in ±1/sqrt(fanIn) (Kaiming-uniform's scale), stored per the storage kind.</summary>
    public string RandomWeight(string name, int fanIn, params long[] dims)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        float bound = 1f / MathF.Sqrt(fanIn);
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = ((2 * _random.NextSingle()) - 1) * bound;
        }

        return Constant(name, values, dims);
    }

    /// <summary>A float tensor with the given values, stored per the storage kind; returns its value name.</summary>
    public string Constant(string name, float[] values, params long[] dims)
    {
        TensorProto tensor = FloatTensor(name, values, dims);
        if (_storage == WeightStorage.ConstantNode)
        {
            Graph.Node.Add(new NodeProto
            {
                OpType = "Constant",
                Name = name + "_constant",
                Output = { name },
                Attribute = { TensorAttribute("value", tensor) },
            });
        }
        else
        {
            Graph.Initializer.Add(tensor);
        }

        return name;
    }

    /// <summary>Adds a node; returns its first output.</summary>
    public string Node(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return outputs[0];
    }

    /// <summary>Adds a single-output node whose output is named after the node.</summary>
    public string Node(string opType, string name, string[] inputs, params AttributeProto[] attributes) =>
        Node(opType, name, inputs, [name], attributes);

    /// <summary>Declares a graph input; a string dim is symbolic (e.g. <see cref="BatchDim"/>).</summary>
    public void Input(string name, TensorProto.Types.DataType type, params object[] dims) =>
        Graph.Input.Add(ValueInfo(name, type, dims));

    /// <summary>Declares a graph output; a string dim is symbolic.</summary>
    public void Output(string name, TensorProto.Types.DataType type, params object[] dims) =>
        Graph.Output.Add(ValueInfo(name, type, dims));

    public static TensorProto FloatTensor(string name, float[] values, params long[] dims)
    {
        byte[] raw = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static AttributeProto IntAttribute(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto IntsAttribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    public static AttributeProto TensorAttribute(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public static AttributeProto GraphAttribute(string name, GraphProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = value };

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (object dim in dims)
        {
            shape.Dim.Add(dim is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture) });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}
