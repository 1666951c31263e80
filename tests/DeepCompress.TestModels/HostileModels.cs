using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.TestModels;

/// <summary>
/// Small models built to attack the readers (issue 6): dims that ask for more memory than the file holds, absurd
/// ranks, deep subgraph nesting, node cycles. Each starts from <c>Mlp([4, 3])</c> (one Gemm, weight
/// <c>fc1.weight</c>[3, 4]) unless said otherwise.
/// </summary>
public static class HostileModels
{
    /// <summary>The weight every builder here attacks.</summary>
    public const string WeightName = "fc1.weight";

    /// <summary>fc1.weight with the given <paramref name="dims"/> but still only its 12 floats (48 bytes) of raw_data.</summary>
    public static TestModel WeightWithDims(params long[] dims)
    {
        TestModel model = TestModelFactory.Mlp([4, 3]);
        TensorProto weight = model.Proto.Graph.Initializer.Single(t => t.Name == WeightName);
        weight.Dims.Clear();
        weight.Dims.AddRange(dims);
        return model;
    }

    /// <summary>fc1.weight reshaped to [3, 4, 1, 1, ...]: <paramref name="rank"/> dims, the same 12 elements.</summary>
    public static TestModel WeightWithRank(int rank)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 2);
        return WeightWithDims([3, 4, .. Enumerable.Repeat(1L, rank - 2)]);
    }

    /// <summary>
    /// <c>a = Add(input, b); b = Relu(a)</c>: a two-node cycle feeding the Gemm, so no topological order exists.
    /// </summary>
    public static TestModel Cycle()
    {
        TestModel model = TestModelFactory.Mlp([4, 3]);
        GraphProto graph = model.Proto.Graph;
        NodeProto gemm = graph.Node.Single(n => n.OpType == "Gemm");
        gemm.Input[0] = "b";
        graph.Node.Insert(0, new NodeProto { OpType = "Add", Name = "cycle_add", Input = { "input", "b" }, Output = { "a" } });
        graph.Node.Insert(1, new NodeProto { OpType = "Relu", Name = "cycle_relu", Input = { "a" }, Output = { "b" } });
        return model;
    }

    /// <summary>
    /// A model whose graph holds an If whose then_branch holds an If ... <paramref name="depth"/> levels deep, the
    /// innermost graph empty. Serialized by hand, prefix by prefix, because the protobuf library's own serializer
    /// recurses once per level (and would itself overflow the stack on such a message).
    /// </summary>
    public static byte[] NestedIf(int depth)
    {
        // Each level is "GraphProto.node { op_type: If, attribute { name, type: GRAPH, g: <next level> } }"; with
        // the nested field written last in every message, a level is a prefix and the file is the concatenation of
        // the prefixes, outermost first. Lengths are computed from the innermost level outwards.
        const int graphNodeField = 1;
        const int nodeOpTypeField = 4;
        const int nodeAttributeField = 5;
        const int attributeNameField = 1;
        const int attributeGraphField = 6;
        const int attributeTypeField = 20;
        const int modelIrVersionField = 1;
        const int modelGraphField = 7;
        const int modelOpsetField = 8;

        var prefixes = new byte[depth][];
        long innerLength = 0;
        for (int level = depth - 1; level >= 0; level--)
        {
            long attributeLength = FieldBytes(attributeNameField, "then_branch"u8.Length) + VarintField(attributeTypeField, (ulong)AttributeProto.Types.AttributeType.Graph)
                + FieldBytes(attributeGraphField, innerLength);
            long nodeLength = FieldBytes(nodeOpTypeField, "If"u8.Length) + FieldBytes(nodeAttributeField, attributeLength);
            using var prefix = new MemoryStream();
            var output = new CodedOutputStream(prefix);
            WriteLengthTag(output, graphNodeField, nodeLength);
            output.WriteTag(nodeOpTypeField, WireFormat.WireType.LengthDelimited);
            output.WriteString("If");
            WriteLengthTag(output, nodeAttributeField, attributeLength);
            output.WriteTag(attributeNameField, WireFormat.WireType.LengthDelimited);
            output.WriteString("then_branch");
            output.WriteTag(attributeTypeField, WireFormat.WireType.Varint);
            output.WriteEnum((int)AttributeProto.Types.AttributeType.Graph);
            WriteLengthTag(output, attributeGraphField, innerLength);
            output.Flush();
            prefixes[level] = prefix.ToArray();
            innerLength = FieldBytes(graphNodeField, nodeLength);
        }

        using var file = new MemoryStream();
        var model = new CodedOutputStream(file);
        model.WriteTag(modelIrVersionField, WireFormat.WireType.Varint);
        model.WriteInt64(7);
        var opset = new OperatorSetIdProto { Version = 13 };
        model.WriteTag(modelOpsetField, WireFormat.WireType.LengthDelimited);
        model.WriteMessage(opset);
        WriteLengthTag(model, modelGraphField, innerLength);
        model.Flush();
        foreach (byte[] prefix in prefixes)
        {
            file.Write(prefix);
        }

        return file.ToArray();

        static long FieldBytes(int field, long length) =>
            CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(checked((int)length)) + length;

        static long VarintField(int field, ulong value) => CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeUInt64Size(value);

        static void WriteLengthTag(CodedOutputStream output, int field, long length)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(checked((int)length));
        }
    }
}
