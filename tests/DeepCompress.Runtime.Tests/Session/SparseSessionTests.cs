using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Tests.Kernels;
using static DeepCompress.Runtime.Tests.Session.OnnxModels;

namespace DeepCompress.Runtime.Tests.Session;

/// <summary>Compressed weights through a whole session agree with the same weights stored densely.</summary>
public sealed class SparseSessionTests
{
    public static TheoryData<KernelPath, int> PathsAndBatches()
    {
        var data = new TheoryData<KernelPath, int>();
        foreach (var path in KernelDispatch.Supported)
        {
            data.Add(path, 1);
            data.Add(path, 3);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PathsAndBatches))]
    public void CompressedMatMulMatchesDenseWeights(KernelPath path, int batch)
    {
        var random = new Random(21);
        var weight = RandomCompressed(random, [70, 45], 0.3, 32);
        var graph = new GraphProto { Input = { Value("x", null, 70) }, Output = { Value("y", null, 45) } };
        graph.Node.Add(Node("MatMul", ["x", "w"], ["y"]));
        AssertCompressedMatchesDense(graph, "w", weight, [batch, 70], path);
    }

    [Theory]
    [MemberData(nameof(PathsAndBatches))]
    public void CompressedGemmMatchesDenseWeights(KernelPath path, int batch)
    {
        var random = new Random(22);
        foreach (var transB in new[] { 0, 1 })
        {
            var weight = RandomCompressed(random, transB == 1 ? [33, 81] : [81, 33], 0.2, 300);
            var graph = new GraphProto
            {
                Input = { Value("x", batch, 81) },
                Output = { Value("y", batch, 33) },
                Initializer = { FloatTensor("c", KernelTestData.RandomVector(random, 33), 33) },
            };
            graph.Node.Add(Node("Gemm", ["x", "w", "c"], ["y"], Int("transB", transB), Float("alpha", 0.5f), Float("beta", 2f)));
            AssertCompressedMatchesDense(graph, "w", weight, [batch, 81], path);
        }
    }

    [Theory]
    [MemberData(nameof(PathsAndBatches))]
    public void GemmWithItsReluFusedMatchesDenseWeightsAndGivesTheUnfusedBits(KernelPath path, int batch)
    {
        var random = new Random(25);
        foreach (var alpha in new[] { 1f, 0.5f })
        {
            // Half of the outputs negative before Relu, so the fused Relu has work to do.
            var weight = RandomCompressed(random, [40, 75], 0.2, 64);
            var bias = KernelTestData.RandomVector(random, 40);
            var graph = new GraphProto
            {
                Input = { Value("x", batch, 75) },
                Output = { Value("r", batch, 40) },
                Initializer = { FloatTensor("c", bias, 40) },
            };
            graph.Node.Add(Node("Gemm", ["x", "w", "c"], ["g"], Int("transB", 1), Float("alpha", alpha), Float("beta", 2f)));
            graph.Node.Add(Node("Relu", ["g"], ["r"]));
            AssertCompressedMatchesDense(graph, "w", weight, [batch, 75], path);

            // The same graph with the Gemm's output also a graph output: no fusion, bias and Relu as separate passes.
            var unfused = graph.Clone();
            unfused.Output.Add(Value("g", batch, 40));
            var weights = new Dictionary<string, SparseQuantizedTensor> { ["w"] = weight };
            var input = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat(KernelTestData.RandomVector(random, batch * 75), batch, 75) };
            graph.Initializer.Add(EmptiedInitializer("w", weight.Shape));
            unfused.Initializer.Add(EmptiedInitializer("w", weight.Shape));
            using var fusedSession = InferenceSession.Create(Model(graph), weights, new SessionOptions { Kernel = path });
            using var unfusedSession = InferenceSession.Create(Model(unfused), weights, new SessionOptions { Kernel = path });
            var fused = fusedSession.Run(input)["r"].AsFloatSpan().ToArray();
            var separate = unfusedSession.Run(input);
            Assert.Contains(separate["g"].AsFloatSpan().ToArray(), v => v < 0);
            Assert.Equal(separate["r"].AsFloatSpan().ToArray().Select(BitConverter.SingleToInt32Bits), fused.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Theory]
    [MemberData(nameof(KernelTestData.SupportedPaths), MemberType = typeof(KernelTestData))]
    public void CompressedGroupedConvMatchesDenseWeights(KernelPath path)
    {
        var random = new Random(23);
        var weight = RandomCompressed(random, [6, 2, 3, 3], 0.4, 16);
        var graph = new GraphProto
        {
            Input = { Value("x", 2, 4, 9, 11) },
            Output = { Value("y") },
            Initializer = { FloatTensor("b", KernelTestData.RandomVector(random, 6), 6) },
        };
        graph.Node.Add(Node("Conv", ["x", "w", "b"], ["y"], Int("group", 2), Ints("pads", 1, 0, 2, 1), Ints("strides", 2, 1), Ints("dilations", 1, 2)));
        AssertCompressedMatchesDense(graph, "w", weight, [2, 4, 9, 11], path);
    }

    [Fact]
    public void CompressedWeightReadByAnOrdinaryOperatorIsExpanded()
    {
        var weight = SparseQuantizedTensor.FromDense([2, 2], [0f, 1.5f, -2f, 0f], 4);
        var graph = new GraphProto { Input = { Value("x", 2, 2) }, Output = { Value("y", 2, 2) }, Initializer = { EmptiedInitializer("w", [2, 2]) } };
        graph.Node.Add(Node("Add", ["x", "w"], ["y"]));
        using var session = InferenceSession.Create(Model(graph), new Dictionary<string, SparseQuantizedTensor> { ["w"] = weight }, new SessionOptions());
        var y = session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([1f, 1f, 1f, 1f], 2, 2) })["y"];
        Assert.Equal([1f, 2.5f, -1f, 1f], y.AsFloatSpan().ToArray());
    }

    [Fact]
    public void CompressedWeightReplacesAConstantNodeWithoutData()
    {
        var weight = SparseQuantizedTensor.FromDense([3, 2], [0f, 2f, 0f, 0f, -1f, 0f], 2);
        var emptied = new AttributeProto { Name = "value", Type = AttributeProto.Types.AttributeType.Tensor, T = EmptiedInitializer("w", [3, 2]) };
        var graph = new GraphProto { Input = { Value("x", 1, 3) }, Output = { Value("y", 1, 2) } };
        graph.Node.Add(Node("Constant", [], ["w"], emptied));
        graph.Node.Add(Node("MatMul", ["x", "w"], ["y"]));
        using var session = InferenceSession.Create(Model(graph), new Dictionary<string, SparseQuantizedTensor> { ["w"] = weight }, new SessionOptions());
        var y = session.Run(new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat([1f, 10f, 100f], 1, 3) })["y"];
        Assert.Equal([-100f, 2f], y.AsFloatSpan().ToArray());
    }

    [Fact]
    public void SessionOutputIsBitIdenticalAcrossThreadCounts()
    {
        var random = new Random(24);
        var conv = RandomCompressed(random, [8, 3, 3, 3], 0.3, 32);
        var fc = RandomCompressed(random, [8 * 10 * 10, 50], 0.1, 32);
        var graph = new GraphProto
        {
            Input = { Value("x", 1, 3, 10, 10) },
            Output = { Value("y", 1, 50) },
            Initializer = { EmptiedInitializer("conv", conv.Shape), EmptiedInitializer("fc", fc.Shape) },
        };
        graph.Node.Add(Node("Conv", ["x", "conv"], ["c"], Ints("pads", 1, 1, 1, 1)));
        graph.Node.Add(Node("Relu", ["c"], ["r"]));
        graph.Node.Add(Node("Flatten", ["r"], ["f"]));
        graph.Node.Add(Node("MatMul", ["f", "fc"], ["y"]));
        var weights = new Dictionary<string, SparseQuantizedTensor> { ["conv"] = conv, ["fc"] = fc };
        var input = new Dictionary<string, Tensor> { ["x"] = Tensor.FromFloat(KernelTestData.RandomVector(random, 300), 1, 3, 10, 10) };
        foreach (var path in KernelDispatch.Supported)
        {
            using var single = InferenceSession.Create(Model(graph), weights, new SessionOptions { Kernel = path, Threads = 1 });
            var expected = single.Run(input)["y"].AsFloatSpan().ToArray();
            foreach (var threads in new[] { 2, 4 })
            {
                using var parallel = InferenceSession.Create(Model(graph), weights, new SessionOptions { Kernel = path, Threads = threads });
                var actual = parallel.Run(input)["y"].AsFloatSpan().ToArray();
                Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), actual.Select(BitConverter.SingleToInt32Bits));
            }
        }
    }

    private static void AssertCompressedMatchesDense(GraphProto graph, string weightName, SparseQuantizedTensor weight, int[] inputShape, KernelPath path)
    {
        var random = new Random(inputShape.Sum());
        var inputName = graph.Input[0].Name;
        var input = new Dictionary<string, Tensor> { [inputName] = Tensor.FromFloat(KernelTestData.RandomVector(random, inputShape.Aggregate(1, (a, b) => a * b)), inputShape) };

        var denseGraph = graph.Clone();
        denseGraph.Initializer.Add(FloatTensor(weightName, weight.ToDense(), weight.Shape));
        using var dense = InferenceSession.Create(Model(denseGraph), null, new SessionOptions { Kernel = KernelPath.Scalar });
        var expected = dense.Run(input)[graph.Output[0].Name];

        var sparseGraph = graph.Clone();
        sparseGraph.Initializer.Add(EmptiedInitializer(weightName, weight.Shape));
        using var sparse = InferenceSession.Create(Model(sparseGraph), new Dictionary<string, SparseQuantizedTensor> { [weightName] = weight }, new SessionOptions { Kernel = path });
        var actual = sparse.Run(input)[graph.Output[0].Name];

        Assert.Equal(expected.Shape, actual.Shape);
        var e = expected.AsFloatSpan();
        var a = actual.AsFloatSpan();
        for (var i = 0; i < e.Length; i++)
        {
            // Both sides round differently (dense sums zeros too, SIMD reorders), so compare with a relative bound.
            Assert.True(Math.Abs(e[i] - a[i]) <= 1e-5f + 1e-4f * Math.Abs(e[i]), $"{path}: element {i} is {a[i]}, dense weights give {e[i]}");
        }
    }
}
