using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.Runtime.Tests.Session;

/// <summary>Builds small ONNX models in code for the session tests.</summary>
internal static class OnnxModels
{
    public static ModelProto Model(GraphProto graph, int opset = 17) => new()
    {
        IrVersion = 8,
        OpsetImport = { new OperatorSetIdProto { Domain = "", Version = opset } },
        Graph = graph,
    };

    /// <summary>A float tensor value; a null dimension is symbolic.</summary>
    public static ValueInfoProto Value(string name, params int?[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d is { } v ? new TensorShapeProto.Types.Dimension { DimValue = v } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static NodeProto Node(string opType, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = outputs[0] };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attributes);
        return node;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.Add(values);
        return a;
    }

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static TensorProto FloatTensor(string name, float[] data, params int[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims.Select(d => (long)d));
        t.FloatData.Add(data);
        return t;
    }

    /// <summary>The initializer a compressor leaves behind: name and shape, data removed.</summary>
    public static TensorProto EmptiedInitializer(string name, int[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.Add(dims.Select(d => (long)d));
        return t;
    }

    public static TensorProto RawFloatTensor(string name, byte[] raw, params int[] dims)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(raw) };
        t.Dims.Add(dims.Select(d => (long)d));
        return t;
    }

    /// <summary>Random weights of the given density drawn from a codebook of <paramref name="codebookSize"/> values.</summary>
    public static SparseQuantizedTensor RandomCompressed(Random random, int[] shape, double density, int codebookSize)
    {
        var codebook = Enumerable.Range(0, codebookSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var positions = Enumerable.Range(0, count).Where(_ => random.NextDouble() < density).ToArray();
        var codes = positions.Select(_ => (ushort)random.Next(codebookSize)).ToArray();
        return new SparseQuantizedTensor(shape, codebook, positions, codes);
    }
}
