using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using static DeepCompress.Runtime.Tests.Session.OnnxModels;

namespace DeepCompress.Runtime.Tests.Session;

public sealed class SessionValidationTests
{
    [Fact]
    public void UnsupportedOperatorsAreListedInOneException()
    {
        var graph = new GraphProto { Input = { Value("x", 2) }, Output = { Value("d", 2) } };
        graph.Node.Add(Node("Foo", ["x"], ["a"]));
        graph.Node.Add(Node("Foo", ["a"], ["b"]));
        graph.Node.Add(Node("Bar", ["b"], ["c"]));
        graph.Node.Add(Node("Foo", ["c"], ["d"]));
        var e = Assert.Throws<NotSupportedException>(() => InferenceSession.Create(Model(graph), null, new SessionOptions()));
        Assert.Equal("unsupported operators: Bar (1 node), Foo (3 nodes)", e.Message);
    }

    [Fact]
    public void UnsupportedAttributesAndTypesAreListedTogether()
    {
        var graph = new GraphProto { Input = { Value("x", 2, 3) }, Output = { Value("z", 3, 2) } };
        graph.Node.Add(Node("Relu", ["x"], ["y"], Int("mystery", 1)));
        graph.Node.Add(Node("Transpose", ["y"], ["z"]));
        var doubleInput = Value("w", 2);
        doubleInput.Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Double;
        graph.Input.Add(doubleInput);
        var e = Assert.Throws<NotSupportedException>(() => InferenceSession.Create(Model(graph), null, new SessionOptions()));
        Assert.Contains("unsupported attributes mystery", e.Message, StringComparison.Ordinal);
        Assert.Contains("graph input 'w': data type DOUBLE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedInitializerThrowsInvalidDataNamingIt()
    {
        var graph = new GraphProto
        {
            Input = { Value("x", 2) },
            Output = { Value("y", 2) },
            Initializer = { RawFloatTensor("bias", new byte[7], 2) },
        };
        graph.Node.Add(Node("Add", ["x", "bias"], ["y"]));
        var e = Assert.Throws<InvalidDataException>(() => InferenceSession.Create(Model(graph), null, new SessionOptions()));
        Assert.Contains("initializer 'bias'", e.Message, StringComparison.Ordinal);
        Assert.Contains("7 raw_data bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompressedWeightWithOutOfRangeCodeThrowsInvalidData()
    {
        var weight = new SparseQuantizedTensor([3, 2], [0.5f, 1f], [1, 4], [0, 2]);
        var graph = new GraphProto { Input = { Value("x", 1, 3) }, Output = { Value("y", 1, 2) }, Initializer = { EmptiedInitializer("w", [3, 2]) } };
        graph.Node.Add(Node("MatMul", ["x", "w"], ["y"]));
        var e = Assert.Throws<InvalidDataException>(() =>
            InferenceSession.Create(Model(graph), new Dictionary<string, SparseQuantizedTensor> { ["w"] = weight }, new SessionOptions()));
        Assert.Contains("code 2 at index 1 exceeds codebook size 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CompressedWeightForAnUnknownNameIsRejected()
    {
        var graph = new GraphProto { Input = { Value("x", 2) }, Output = { Value("y", 2) } };
        graph.Node.Add(Node("Relu", ["x"], ["y"]));
        var weight = SparseQuantizedTensor.FromDense([1], [1f], 1);
        Assert.Throws<ArgumentException>(() =>
            InferenceSession.Create(Model(graph), new Dictionary<string, SparseQuantizedTensor> { ["nope"] = weight }, new SessionOptions()));
    }

    [Fact]
    public void InputsReportSymbolicDimensionsAsMinusOne()
    {
        var graph = new GraphProto { Input = { Value("x", null, 3) }, Output = { Value("y", null, 3) } };
        graph.Node.Add(Node("Sigmoid", ["x"], ["y"]));
        using var session = InferenceSession.Create(Model(graph), null, new SessionOptions());
        Assert.Equal(["x"], session.InputNames);
        Assert.Equal(["y"], session.OutputNames);
        Assert.Equal([-1, 3], session.InputShapes[0]);
        var e = Assert.Throws<ArgumentException>(() => session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat(new float[4], 2, 2) }));
        Assert.Contains("[2,2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodesOutOfFileOrderAreScheduledTopologically()
    {
        var graph = new GraphProto { Input = { Value("x", 2) }, Output = { Value("z", 2) } };
        graph.Node.Add(Node("Relu", ["y"], ["z"]));
        graph.Node.Add(Node("LeakyRelu", ["x"], ["y"], Float("alpha", 0.5f)));
        using var session = InferenceSession.Create(Model(graph), null, new SessionOptions());
        var z = session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([-2f, 3f], 2) })["z"];
        Assert.Equal([0f, 3f], z.AsFloatSpan().ToArray());
    }

    [Fact]
    public void ThreadCountBelowOneIsRejected()
    {
        var graph = new GraphProto { Input = { Value("x", 2) }, Output = { Value("y", 2) } };
        graph.Node.Add(Node("Relu", ["x"], ["y"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => InferenceSession.Create(Model(graph), null, new SessionOptions { Threads = 0 }));
    }
}
