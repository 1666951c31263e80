using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Training;
using DeepCompress.TestModels;
using static DeepCompress.TestModels.OnnxGraphBuilder;

namespace DeepCompress.Runtime.Tests.Training;

public class BackwardTests
{
    private const TensorProto.Types.DataType Float = TensorProto.Types.DataType.Float;

    [Theory]
    [InlineData(true, 1f, 1f)]
    [InlineData(true, 0.5f, 2f)]
    [InlineData(false, 1.5f, 0.25f)]
    public void GemmWithBias(bool transB, float alpha, float beta)
    {
        var graph = new OnnxGraphBuilder("gemm", new Random(1));
        graph.Input("x", Float, 3, 5);
        var w = graph.RandomWeight("w", 1, transB ? [4, 5] : [5, 4]);
        var c = graph.RandomWeight("c", 1, 4);
        graph.Node("Gemm", "y", ["x", w, c], IntAttribute("transB", transB ? 1 : 0), FloatAttribute("alpha", alpha), FloatAttribute("beta", beta));
        graph.Output("y", Float, 3, 4);

        Assert.Equal(3 * 5 + 20 + 4, GradientCheck.Check(GradientCheck.Model(graph), [3, 5]));
    }

    [Fact]
    public void GemmWithFullBiasMatrix()
    {
        var graph = new OnnxGraphBuilder("gemm", new Random(2));
        graph.Input("x", Float, 3, 5);
        graph.Node("Gemm", "y", ["x", graph.RandomWeight("w", 1, 5, 4), graph.RandomWeight("c", 1, 3, 4)]);
        graph.Output("y", Float, 3, 4);

        GradientCheck.Check(GradientCheck.Model(graph), [3, 5]);
    }

    [Fact]
    public void MatMulOnRank3InputThenBroadcastAddAndRelu()
    {
        var graph = new OnnxGraphBuilder("matmul", new Random(3));
        graph.Input("x", Float, 2, 3, 5);
        var h = graph.Node("MatMul", "h", ["x", graph.RandomWeight("w", 1, 5, 4)]);
        var a = graph.Node("Add", "a", [h, graph.RandomWeight("b", 1, 4)]);
        graph.Node("Relu", "y", [a]);
        graph.Output("y", Float, 2, 3, 4);

        GradientCheck.Check(GradientCheck.Model(graph), [2, 3, 5]);
    }

    [Theory]
    [InlineData(1, 1, 0, 1, true)]
    [InlineData(2, 2, 1, 1, true)]
    [InlineData(2, 1, 1, 2, false)]
    [InlineData(1, 3, 2, 1, true)]
    public void ConvWithStridesPadsGroupsDilations(int groups, int stride, int pad, int dilation, bool bias)
    {
        var graph = new OnnxGraphBuilder("conv", new Random(4));
        graph.Input("x", Float, 2, 4, 7, 6);
        List<string> inputs = ["x", graph.RandomWeight("w", 1, 6, 4 / groups, 3, 3)];
        if (bias)
        {
            inputs.Add(graph.RandomWeight("b", 1, 6));
        }

        graph.Node("Conv", "y", [.. inputs], IntAttribute("group", groups), IntsAttribute("strides", stride, stride),
            IntsAttribute("pads", pad, pad, pad, pad), IntsAttribute("dilations", dilation, dilation), IntsAttribute("kernel_shape", 3, 3));
        graph.Output("y", Float, 2, 6, -1, -1);

        GradientCheck.Check(GradientCheck.Model(graph), [2, 4, 7, 6]);
    }

    [Theory]
    [InlineData("MaxPool", 2, 2, 0, 0)]
    [InlineData("MaxPool", 3, 2, 1, 0)]
    [InlineData("AveragePool", 3, 2, 1, 0)]
    [InlineData("AveragePool", 3, 2, 1, 1)]
    [InlineData("AveragePool", 2, 1, 0, 0)]
    public void Pooling(string op, int kernel, int stride, int pad, int countIncludePad)
    {
        var graph = new OnnxGraphBuilder("pool", new Random(5));
        graph.Input("x", Float, 2, 3, 6, 5);
        List<AttributeProto> attributes = [IntsAttribute("kernel_shape", kernel, kernel), IntsAttribute("strides", stride, stride), IntsAttribute("pads", pad, pad, pad, pad)];
        if (op == "AveragePool")
        {
            attributes.Add(IntAttribute("count_include_pad", countIncludePad));
        }

        graph.Node(op, "y", ["x"], [.. attributes]);
        graph.Output("y", Float, 2, 3, -1, -1);

        GradientCheck.Check(GradientCheck.Model(graph), [2, 3, 6, 5]);
    }

    [Fact]
    public void ReshapeFlattenSoftmaxAndTrainingDropout()
    {
        var graph = new OnnxGraphBuilder("shapes", new Random(6));
        graph.Input("x", Float, 2, 3, 4);
        graph.Graph.Initializer.Add(Int64Tensor("shape", [0, -1]));
        graph.Graph.Initializer.Add(FloatTensor("ratio", [0.3f]));
        var r = graph.Node("Reshape", "r", ["x", "shape"]);
        var d = graph.Node("Dropout", "d", [r, "ratio"]);
        var s = graph.Node("Softmax", "s", [d], IntAttribute("axis", -1));
        var g = graph.Node("Gemm", "g", [s, graph.RandomWeight("w", 1, 5, 12)], IntAttribute("transB", 1));
        var f = graph.Node("Reshape", "f", [g, "shape"]);
        graph.Node("Flatten", "y", [f], IntAttribute("axis", 1));
        graph.Output("y", Float, 2, 5);

        GradientCheck.Check(GradientCheck.Model(graph), [2, 3, 4], training: true);
    }

    [Fact]
    public void DropoutMaskIsSeededPerStepAndScalesTheKeptValues()
    {
        var graph = new OnnxGraphBuilder("dropout", new Random(7));
        graph.Input("x", Float, 1, 4000);
        graph.Graph.Initializer.Add(FloatTensor("ratio", [0.25f]));
        graph.Node("Dropout", "y", ["x", "ratio"]);
        graph.Output("y", Float, 1, 4000);
        var model = GradientCheck.Model(graph);
        var input = Enumerable.Repeat(1f, 4000).ToArray();
        var training = TrainingGraph.Build(model, new TrainingGraphOptions { Seed = 11 });

        var first = training.Forward(input, [1, 4000], training: true, step: 1).Data.ToArray();
        var again = training.Forward(input, [1, 4000], training: true, step: 1).Data.ToArray();
        var next = training.Forward(input, [1, 4000], training: true, step: 2).Data.ToArray();
        var inference = training.Forward(input, [1, 4000], training: false, step: 1).Data.ToArray();

        Assert.Equal(first, again);
        Assert.NotEqual(first, next);
        Assert.All(first, v => Assert.True(v == 0f || v == 1f / 0.75f));
        Assert.InRange(first.Count(v => v == 0f), 900, 1100);
        Assert.Equal(input, inference);
    }

    [Fact]
    public void CrossEntropyThroughALeNetLikeConvNet()
    {
        var graph = new OnnxGraphBuilder("lenet", new Random(8));
        graph.Input("x", Float, "batch", 1, 8, 8);
        var c1 = graph.Node("Conv", "c1", ["x", graph.RandomWeight("conv1.weight", 9, 3, 1, 3, 3), graph.RandomWeight("conv1.bias", 9, 3)], IntsAttribute("kernel_shape", 3, 3));
        var r1 = graph.Node("Relu", "r1", [c1]);
        var p1 = graph.Node("MaxPool", "p1", [r1], IntsAttribute("kernel_shape", 2, 2), IntsAttribute("strides", 2, 2));
        var f = graph.Node("Flatten", "f", [p1], IntAttribute("axis", 1));
        var fc = graph.Node("Gemm", "fc", [f, graph.RandomWeight("fc.weight", 27, 4, 27), graph.RandomWeight("fc.bias", 27, 4)], IntAttribute("transB", 1));
        var s = graph.Node("Softmax", "prob", [fc], IntAttribute("axis", 1));
        graph.Node("Identity", "output", [s]);
        graph.Output("output", Float, "batch", 4);

        GradientCheck.Check(GradientCheck.Model(graph), [3, 1, 8, 8], labels: [0, 3, 1]);
    }

    [Fact]
    public void GradientsAreBitIdenticalForEveryKernelPathAndThreadCount()
    {
        var model = TestModelFactory.LeNet5Like().Proto;
        var input = GradientCheck.Seeded(5 * 28 * 28, 12);
        int[] labels = [1, 7, 3, 0, 9];
        float[]? reference = null;
        foreach (var path in KernelDispatch.Supported)
        {
            foreach (var threads in new[] { 1, 2 })
            {
                var graph = TrainingGraph.Build(model, new TrainingGraphOptions { Kernel = path, Threads = threads });
                graph.Forward(input, [5, 1, 28, 28], training: true, step: 0);
                graph.BackwardCrossEntropy(labels);
                var all = graph.Parameters.SelectMany(p => p.Gradient).ToArray();
                reference ??= all;
                Assert.Equal(reference, all);
            }
        }
    }

    [Fact]
    public void RecycledBuffersGiveTheSameStepAsAFreshGraph()
    {
        // A graph reuses the previous pass's arrays; stale values must never leak into outputs or gradients.
        var model = TestModelFactory.LeNet5Like().Proto;
        var warmUp = GradientCheck.Seeded(5 * 28 * 28, 3, scale: 4f);
        var input = GradientCheck.Seeded(5 * 28 * 28, 12);
        int[] labels = [1, 7, 3, 0, 9];
        var used = TrainingGraph.Build(model, new TrainingGraphOptions());
        used.Forward(warmUp, [5, 1, 28, 28], training: true, step: 0);
        used.BackwardCrossEntropy([9, 9, 9, 9, 9]);
        used.Forward(GradientCheck.Seeded(2 * 28 * 28, 4), [2, 1, 28, 28], training: false, step: 0);
        var fresh = TrainingGraph.Build(model, new TrainingGraphOptions());

        var usedLogits = used.Forward(input, [5, 1, 28, 28], training: true, step: 0).Data;
        var usedLoss = used.BackwardCrossEntropy(labels);
        var freshLogits = fresh.Forward(input, [5, 1, 28, 28], training: true, step: 0).Data;
        var freshLoss = fresh.BackwardCrossEntropy(labels);

        Assert.Equal(freshLogits, usedLogits);
        Assert.Equal(freshLoss, usedLoss);
        Assert.Equal(fresh.InputGradient, used.InputGradient);
        Assert.Equal(fresh.Parameters.SelectMany(p => p.Gradient), used.Parameters.SelectMany(p => p.Gradient));
    }

    [Fact]
    public void SkippingTheInputGradientLeavesEveryParameterGradientUnchanged()
    {
        foreach (var (model, shape) in new[] { (TestModelFactory.LeNet5Like().Proto, new[] { 3, 1, 28, 28 }), (TestModelFactory.Mlp([36, 24, 5]).Proto, new[] { 3, 36 }) })
        {
            var input = GradientCheck.Seeded(shape.Aggregate(1, (p, d) => p * d), 8);
            int[] labels = [4, 0, 2];
            var with = TrainingGraph.Build(model, new TrainingGraphOptions());
            var without = TrainingGraph.Build(model, new TrainingGraphOptions { InputGradient = false });

            with.Forward(input, shape, training: true, step: 0);
            var lossWith = with.BackwardCrossEntropy(labels);
            without.Forward(input, shape, training: true, step: 0);
            var lossWithout = without.BackwardCrossEntropy(labels);

            Assert.Equal(lossWith, lossWithout);
            Assert.Equal(with.Parameters.SelectMany(p => p.Gradient), without.Parameters.SelectMany(p => p.Gradient));
            Assert.NotNull(with.InputGradient);
            Assert.Contains(with.InputGradient, g => g != 0f);
            Assert.Null(without.InputGradient);
        }
    }

    [Fact]
    public void UnsupportedOperatorsAreListedTogether()
    {
        var graph = new OnnxGraphBuilder("bad", new Random(9));
        graph.Input("x", Float, 2, 3);
        var t = graph.Node("Tanh", "t", ["x"]);
        var e = graph.Node("Sigmoid", "e", [t]);
        graph.Node("Identity", "y", [e]);
        graph.Output("y", Float, 2, 3);

        var error = Assert.Throws<NotSupportedException>(() => TrainingGraph.Build(GradientCheck.Model(graph), new TrainingGraphOptions()));
        Assert.Contains("Sigmoid, Tanh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MismatchedShapesNameTheNode()
    {
        var graph = new OnnxGraphBuilder("bad", new Random(10));
        graph.Input("x", Float, 2, 3);
        graph.Node("Gemm", "y", ["x", graph.RandomWeight("w", 1, 4, 5)]);
        graph.Output("y", Float, 2, 5);
        var training = TrainingGraph.Build(GradientCheck.Model(graph), new TrainingGraphOptions());

        var error = Assert.Throws<InvalidTrainingGraphException>(() => training.Forward(new float[6], [2, 3], training: false, step: 0));
        Assert.Contains("Gemm node 'y'", error.Message, StringComparison.Ordinal);
    }

    private static AttributeProto FloatAttribute(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static TensorProto Int64Tensor(string name, long[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        tensor.Dims.Add(values.Length);
        tensor.Int64Data.AddRange(values);
        return tensor;
    }
}
