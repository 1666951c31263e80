using DeepCompress.Onnx.Proto;
using static DeepCompress.TestModels.OnnxGraphBuilder;

namespace DeepCompress.TestModels;

/// <summary>
/// Small valid ONNX models with seeded random weights, for opsets 9 to 21. Every model has float inputs with a
/// symbolic batch dimension (except the subgraph models, which fix batch 1) and runs in ONNX Runtime.
/// </summary>
public static class TestModelFactory
{
    public const int MinOpset = 9;
    public const int MaxOpset = 21;

    /// <summary>
    /// Fully connected layers <c>sizes[0] → sizes[1] → …</c> with Relu between them. Weights are named
    /// <c>fc{i}.weight</c> and <c>fc{i}.bias</c> (i from 1); input "input", output "output".
    /// </summary>
    public static TestModel Mlp(
        int[] sizes, WeightStorage storage = WeightStorage.Initializer, FcStyle style = FcStyle.Gemm, int opset = 13, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizes.Length, 2, nameof(sizes));
        var graph = new OnnxGraphBuilder("mlp", new Random(seed), storage);
        graph.Input("input", TensorProto.Types.DataType.Float, BatchDim, sizes[0]);
        string x = "input";
        for (int i = 1; i < sizes.Length; i++)
        {
            x = FullyConnected(graph, $"fc{i}", x, sizes[i - 1], sizes[i], style);
            if (i < sizes.Length - 1)
            {
                x = graph.Node("Relu", $"relu{i}", [x]);
            }
        }

        graph.Node("Identity", "output_identity", [x], ["output"]);
        graph.Output("output", TensorProto.Types.DataType.Float, BatchDim, sizes[^1]);
        return Finish(graph.Graph, opset, storage);
    }

    /// <summary>
    /// Conv(3×3, pad 1) + Relu + MaxPool(2×2) per stage (<c>channels[0]</c> is the input's channel count), then
    /// Flatten + Gemm to <paramref name="classes"/>. <paramref name="groups"/> and <paramref name="depthwise"/>
    /// (group = input channels) apply to every conv after the first. <paramref name="activation"/> and
    /// <paramref name="head"/> select ops whose form changed between opsets (Clip, Reshape, Squeeze).
    /// Weights: <c>conv{i}.weight</c>, <c>fc.weight</c>.
    /// </summary>
    public static TestModel ConvNet(
        int[] channels,
        int imageSize = 8,
        int groups = 1,
        bool depthwise = false,
        int classes = 10,
        WeightStorage storage = WeightStorage.Initializer,
        int opset = 13,
        int seed = 1,
        ConvActivation activation = ConvActivation.Relu,
        ConvHead head = ConvHead.Flatten)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels.Length, 2, nameof(channels));
        var graph = new OnnxGraphBuilder("convnet", new Random(seed), storage);
        graph.Input("input", TensorProto.Types.DataType.Float, BatchDim, channels[0], imageSize, imageSize);
        string x = "input";
        int size = imageSize;
        for (int i = 0; i < channels.Length - 1; i++)
        {
            int inChannels = channels[i];
            int outChannels = channels[i + 1];
            int group = i == 0 ? 1 : depthwise ? inChannels : groups;
            if (inChannels % group != 0 || outChannels % group != 0 || size % 2 != 0)
            {
                throw new ArgumentException(
                    $"conv{i + 1}: {inChannels} → {outChannels} channels cannot use group {group}, or size {size} is odd");
            }

            x = ConvStage(graph, $"conv{i + 1}", x, inChannels, outChannels, kernel: 3, pad: 1, group, activation, opset);
            size /= 2;
        }

        int features = head == ConvHead.GlobalAveragePool ? channels[^1] : channels[^1] * size * size;
        x = head switch
        {
            ConvHead.Flatten => graph.Node("Flatten", "flatten", [x], IntAttribute("axis", 1)),
            ConvHead.Reshape => graph.Node("Reshape", "reshape", [x, Int64Initializer(graph, "reshape.shape", 0, -1)]),
            _ => Squeeze(graph, graph.Node("GlobalAveragePool", "global_pool", [x]), opset, 2, 3),
        };
        x = FullyConnected(graph, "fc", x, features, classes, FcStyle.Gemm);
        graph.Node("Identity", "output_identity", [x], ["output"]);
        graph.Output("output", TensorProto.Types.DataType.Float, BatchDim, classes);
        return Finish(graph.Graph, opset, storage);
    }

    /// <summary>LeNet-5 shape on 1×28×28 inputs: conv 5×5 (6, pad 2) → pool → conv 5×5 (16) → pool → 120 → 84 → 10.</summary>
    public static TestModel LeNet5Like(WeightStorage storage = WeightStorage.Initializer, int opset = 13, int seed = 1)
    {
        var graph = new OnnxGraphBuilder("lenet5", new Random(seed), storage);
        graph.Input("input", TensorProto.Types.DataType.Float, BatchDim, 1, 28, 28);
        string x = ConvStage(graph, "conv1", "input", 1, 6, kernel: 5, pad: 2, group: 1);
        x = ConvStage(graph, "conv2", x, 6, 16, kernel: 5, pad: 0, group: 1);
        x = graph.Node("Flatten", "flatten", [x], IntAttribute("axis", 1));
        x = graph.Node("Relu", "relu3", [FullyConnected(graph, "fc1", x, 16 * 5 * 5, 120, FcStyle.Gemm)]);
        x = graph.Node("Relu", "relu4", [FullyConnected(graph, "fc2", x, 120, 84, FcStyle.Gemm)]);
        x = FullyConnected(graph, "fc3", x, 84, 10, FcStyle.Gemm);
        graph.Node("Identity", "output_identity", [x], ["output"]);
        graph.Output("output", TensorProto.Types.DataType.Float, BatchDim, 10);
        return Finish(graph.Graph, opset, storage);
    }

    /// <summary>LeNet-300-100: 784 → 300 → 100 → 10.</summary>
    public static TestModel LeNet300100Like(
        WeightStorage storage = WeightStorage.Initializer, FcStyle style = FcStyle.Gemm, int opset = 13, int seed = 1) =>
        Mlp([784, 300, 100, 10], storage, style, opset, seed);

    /// <summary>
    /// <c>y = If(cond)</c> on input x[1, 4]: then_branch computes Gemm(x, then.weight[3, 4] initializer of the
    /// branch, then.bias, transB=1); else_branch computes MatMul(x, else.weight[4, 3] from a Constant node in the
    /// branch) + MatMul(x, outer.weight[4, 3] initializer of the main graph).
    /// </summary>
    public static TestModel IfSubgraphModel(int opset = 13, int seed = 1)
    {
        var random = new Random(seed);
        var main = new OnnxGraphBuilder("if_model", random);
        main.Input("x", TensorProto.Types.DataType.Float, 1, 4);
        main.Input("cond", TensorProto.Types.DataType.Bool);
        main.RandomWeight("outer.weight", 4, 4, 3);

        var then = new OnnxGraphBuilder("then_branch", random);
        then.RandomWeight("then.weight", 4, 3, 4);
        then.RandomWeight("then.bias", 4, 3);
        then.Node("Gemm", "then_gemm", ["x", "then.weight", "then.bias"], ["then_out"], IntAttribute("transB", 1));
        then.Output("then_out", TensorProto.Types.DataType.Float, 1, 3);

        var otherwise = new OnnxGraphBuilder("else_branch", random, WeightStorage.ConstantNode);
        otherwise.RandomWeight("else.weight", 4, 4, 3);
        otherwise.Node("MatMul", "else_matmul", ["x", "else.weight"]);
        otherwise.Node("MatMul", "outer_matmul", ["x", "outer.weight"]);
        otherwise.Node("Add", "else_add", ["else_matmul", "outer_matmul"], ["else_out"]);
        otherwise.Output("else_out", TensorProto.Types.DataType.Float, 1, 3);

        main.Node("If", "if0", ["cond"], ["y"], GraphAttribute("then_branch", then.Graph), GraphAttribute("else_branch", otherwise.Graph));
        main.Output("y", TensorProto.Types.DataType.Float, 1, 3);
        return Finish(main.Graph, opset, WeightStorage.Initializer);
    }

    /// <summary>
    /// <c>y = Loop(trip_count = 3, true, x)</c> on x[1, 4]; the body computes state = Tanh(MatMul(state,
    /// body.weight[4, 4] initializer of the body) + body.bias from a Constant node in the body).
    /// </summary>
    public static TestModel LoopSubgraphModel(int opset = 13, int seed = 1)
    {
        var random = new Random(seed);
        var main = new OnnxGraphBuilder("loop_model", random);
        main.Input("x", TensorProto.Types.DataType.Float, 1, 4);
        main.Graph.Initializer.Add(Int64Tensor("trip_count", [3], dims: []));
        main.Graph.Initializer.Add(new TensorProto { Name = "keep_going", DataType = (int)TensorProto.Types.DataType.Bool, RawData = Google.Protobuf.ByteString.CopyFrom(1) });

        var body = new OnnxGraphBuilder("loop_body", random);
        body.Input("iteration", TensorProto.Types.DataType.Int64);
        body.Input("cond_in", TensorProto.Types.DataType.Bool);
        body.Input("state_in", TensorProto.Types.DataType.Float, 1, 4);
        body.RandomWeight("body.weight", 4, 4, 4);
        var bodyConstants = new OnnxGraphBuilder("unused", random, WeightStorage.ConstantNode);
        bodyConstants.RandomWeight("body.bias", 4, 4);
        body.Graph.Node.Add(bodyConstants.Graph.Node);
        body.Node("MatMul", "body_matmul", ["state_in", "body.weight"]);
        body.Node("Add", "body_add", ["body_matmul", "body.bias"]);
        body.Node("Tanh", "body_tanh", ["body_add"], ["state_out"]);
        body.Node("Identity", "body_cond", ["cond_in"], ["cond_out"]);
        body.Output("cond_out", TensorProto.Types.DataType.Bool);
        body.Output("state_out", TensorProto.Types.DataType.Float, 1, 4);

        main.Node("Loop", "loop0", ["trip_count", "keep_going", "x"], ["y"], GraphAttribute("body", body.Graph));
        main.Output("y", TensorProto.Types.DataType.Float, 1, 4);
        return Finish(main.Graph, opset, WeightStorage.Initializer);
    }

    /// <summary>ConvTranspose(x[batch, 2, 4, 4], deconv.weight[2, 3, 3, 3]) → [batch, 3, 6, 6].</summary>
    public static TestModel ConvTransposeModel(WeightStorage storage = WeightStorage.Initializer, int opset = 13, int seed = 1)
    {
        var graph = new OnnxGraphBuilder("deconv", new Random(seed), storage);
        graph.Input("input", TensorProto.Types.DataType.Float, BatchDim, 2, 4, 4);
        graph.RandomWeight("deconv.weight", 2 * 3 * 3, 2, 3, 3, 3);
        graph.RandomWeight("deconv.bias", 2 * 3 * 3, 3);
        graph.Node("ConvTranspose", "deconv", ["input", "deconv.weight", "deconv.bias"], ["output"], IntsAttribute("kernel_shape", 3, 3));
        graph.Output("output", TensorProto.Types.DataType.Float, BatchDim, 3, 6, 6);
        return Finish(graph.Graph, opset, storage);
    }

    /// <summary>
    /// One weight used by two MatMuls (weight tying): <c>MatMul(Relu(MatMul(x, shared.weight)), shared.weight)</c>
    /// on input[4, 4], then <c>MatMul(left.weight[4, 4], ·)</c> with the weight as the left operand.
    /// </summary>
    public static TestModel SharedWeightModel(int opset = 13, int seed = 1)
    {
        var graph = new OnnxGraphBuilder("shared", new Random(seed));
        graph.Input("input", TensorProto.Types.DataType.Float, 4, 4);
        graph.RandomWeight("shared.weight", 4, 4, 4);
        graph.RandomWeight("left.weight", 4, 4, 4);
        string x = graph.Node("MatMul", "mm1", ["input", "shared.weight"]);
        x = graph.Node("Relu", "relu1", [x]);
        x = graph.Node("MatMul", "mm2", [x, "shared.weight"]);
        graph.Node("MatMul", "mm3", ["left.weight", x], ["output"]);
        graph.Output("output", TensorProto.Types.DataType.Float, 4, 4);
        return Finish(graph.Graph, opset, WeightStorage.Initializer);
    }

    /// <summary>The IR version onnx pairs with an opset (onnx/helper.py VERSION_TABLE).</summary>
    public static long IrVersionFor(int opset) => opset switch
    {
        < MinOpset or > MaxOpset => throw new ArgumentOutOfRangeException(nameof(opset), opset, $"opsets {MinOpset} to {MaxOpset} are supported"),
        9 => 4,
        10 => 5,
        11 => 6,
        <= 14 => 7,
        <= 18 => 8,
        <= 20 => 9,
        _ => 10,
    };

    private static string FullyConnected(OnnxGraphBuilder graph, string name, string x, int inputs, int outputs, FcStyle style)
    {
        if (style == FcStyle.Gemm)
        {
            string weight = graph.RandomWeight($"{name}.weight", inputs, outputs, inputs);
            string bias = graph.RandomWeight($"{name}.bias", inputs, outputs);
            return graph.Node("Gemm", name, [x, weight, bias], IntAttribute("transB", 1));
        }

        string matrix = graph.RandomWeight($"{name}.weight", inputs, inputs, outputs);
        string offset = graph.RandomWeight($"{name}.bias", inputs, outputs);
        string product = graph.Node("MatMul", $"{name}_matmul", [x, matrix]);
        return graph.Node("Add", name, [product, offset]);
    }

    private static string ConvStage(
        OnnxGraphBuilder graph,
        string name,
        string x,
        int inChannels,
        int outChannels,
        int kernel,
        int pad,
        int group,
        ConvActivation activation = ConvActivation.Relu,
        int opset = MinOpset)
    {
        int fanIn = inChannels / group * kernel * kernel;
        string weight = graph.RandomWeight($"{name}.weight", fanIn, outChannels, inChannels / group, kernel, kernel);
        string bias = graph.RandomWeight($"{name}.bias", fanIn, outChannels);
        x = graph.Node(
            "Conv",
            name,
            [x, weight, bias],
            IntsAttribute("kernel_shape", kernel, kernel),
            IntsAttribute("pads", pad, pad, pad, pad),
            IntAttribute("group", group));
        x = activation == ConvActivation.Relu ? graph.Node("Relu", $"{name}_relu", [x]) : Relu6(graph, $"{name}_relu6", x, opset);
        return graph.Node("MaxPool", $"{name}_pool", [x], IntsAttribute("kernel_shape", 2, 2), IntsAttribute("strides", 2, 2));
    }

    /// <summary>Clip(x, 0, 6); min and max moved from attributes to inputs in opset 11.</summary>
    private static string Relu6(OnnxGraphBuilder graph, string name, string x, int opset)
    {
        if (opset < 11)
        {
            return graph.Node(
                "Clip",
                name,
                [x],
                new AttributeProto { Name = "min", Type = AttributeProto.Types.AttributeType.Float, F = 0 },
                new AttributeProto { Name = "max", Type = AttributeProto.Types.AttributeType.Float, F = 6 });
        }

        string min = graph.Constant($"{name}.min", [0f]);
        string max = graph.Constant($"{name}.max", [6f]);
        return graph.Node("Clip", name, [x, min, max]);
    }

    /// <summary>Squeeze(x, axes); axes moved from an attribute to an input in opset 13.</summary>
    private static string Squeeze(OnnxGraphBuilder graph, string x, int opset, params long[] axes) => opset < 13
        ? graph.Node("Squeeze", "squeeze", [x], IntsAttribute("axes", axes))
        : graph.Node("Squeeze", "squeeze", [x, Int64Initializer(graph, "squeeze.axes", axes)]);

    private static string Int64Initializer(OnnxGraphBuilder graph, string name, params long[] values)
    {
        graph.Graph.Initializer.Add(Int64Tensor(name, values, dims: [values.Length]));
        return name;
    }

    private static TensorProto Int64Tensor(string name, long[] values, long[] dims)
    {
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]);
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = Google.Protobuf.ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static TestModel Finish(GraphProto graph, int opset, WeightStorage storage)
    {
        var model = new ModelProto
        {
            IrVersion = IrVersionFor(opset),
            ProducerName = "DeepCompress.TestModels",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = opset });
        var built = new TestModel(model);
        return storage == WeightStorage.External ? built.WithExternalData() : built;
    }
}
