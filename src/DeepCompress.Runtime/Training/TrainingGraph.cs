using System.Diagnostics;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Training.Nodes;

namespace DeepCompress.Runtime.Training;

/// <summary>
/// A feed-forward ONNX classifier prepared for training: every float initializer is a <see cref="TrainingParameter"/>,
/// every node has a forward and a backward pass. The loss is cross-entropy on the logits: the graph output with a
/// trailing Softmax (and Identity nodes) removed, since softmax and cross-entropy differentiate best together.
/// Supported: Gemm, MatMul, Add, Conv, Relu, MaxPool, AveragePool, Flatten, Reshape, Identity, Dropout, Softmax.
/// One instance runs one pass at a time.
/// </summary>
public sealed class TrainingGraph
{
    private readonly List<TrainingNode> nodes;
    private readonly Dictionary<string, TrainingTensor> constants;
    private readonly Dictionary<string, TrainingParameter> parameters;
    private readonly string logitsName;
    private readonly KernelPath path;
    private readonly int threads;
    // Stopwatch ticks per node, forward and backward; null unless the options asked for node times.
    private readonly long[]? forwardTicks;
    private readonly long[]? backwardTicks;
    private readonly TensorBufferPool buffers = new();
    private readonly bool inputGradient;
    private readonly HashSet<string> withoutGradient;
    private TrainingPass? lastPass;

    private TrainingGraph(List<TrainingNode> nodes, Dictionary<string, TrainingTensor> constants, Dictionary<string, TrainingParameter> parameters,
        string inputName, int[] inputShape, string logitsName, KernelPath path, int threads, bool recordNodeTimes, bool inputGradient)
    {
        this.inputGradient = inputGradient;
        withoutGradient = inputGradient ? [] : NotDependingOnParameters(nodes, inputName, parameters.Keys);
        if (recordNodeTimes)
        {
            forwardTicks = new long[nodes.Count];
            backwardTicks = new long[nodes.Count];
        }

        this.nodes = nodes;
        this.constants = constants;
        this.parameters = parameters;
        Parameters = parameters.Values.OrderBy(p => p.Order).ToList();
        InputName = inputName;
        InputShape = inputShape;
        this.logitsName = logitsName;
        this.path = path;
        this.threads = threads;
    }

    /// <summary>The graph's one data input.</summary>
    public string InputName { get; }

    /// <summary>Declared input dimensions, -1 where symbolic.</summary>
    public IReadOnlyList<int> InputShape { get; }

    /// <summary>Trainable tensors in initializer order.</summary>
    public IReadOnlyList<TrainingParameter> Parameters { get; }

    /// <summary>d loss / d input of the last backward pass (a copy the caller owns); null when <see cref="TrainingGraphOptions.InputGradient"/> is off.</summary>
    public float[]? InputGradient { get; private set; }

    /// <summary>Time per node since the graph was built, in graph order; empty unless <see cref="TrainingGraphOptions.RecordNodeTimes"/>.</summary>
    public IReadOnlyList<NodeTime> NodeTimes => forwardTicks is null || backwardTicks is null
        ? []
        : nodes.Select((n, i) => new NodeTime(n.Label, Stopwatch.GetElapsedTime(0, forwardTicks[i]), Stopwatch.GetElapsedTime(0, backwardTicks[i]))).ToList();

    public TrainingParameter Parameter(string name) =>
        parameters.TryGetValue(name, out var p) ? p : throw new KeyNotFoundException($"'{name}' is not a float initializer of the graph");

    public static TrainingGraph Build(ModelProto model, TrainingGraphOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Threads, 1);
        var graph = model.Graph ?? throw new InvalidTrainingGraphException("model has no graph");
        var opset = (int)(model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")?.Version ?? 1);
        var constants = new Dictionary<string, TrainingTensor>(StringComparer.Ordinal);
        var integerConstants = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var parameters = new Dictionary<string, TrainingParameter>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer)
        {
            AddConstant(initializer, $"initializer '{initializer.Name}'", constants, integerConstants, trainable: parameters);
        }

        var inputs = graph.Input.Where(i => !parameters.ContainsKey(i.Name) && !constants.ContainsKey(i.Name) && !integerConstants.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new NotSupportedException($"training needs a graph with one data input, this one has {inputs.Count}");
        }

        var input = inputs[0];
        var inputShape = input.Type?.TensorType?.Shape?.Dim.Select(d => d.HasDimValue && d.DimValue is > 0 and <= int.MaxValue ? (int)d.DimValue : -1).ToArray() ?? [];
        var logitsName = LogitsOf(graph);
        var available = new HashSet<string>(parameters.Keys.Concat(constants.Keys).Concat(integerConstants.Keys).Append(input.Name), StringComparer.Ordinal);
        var built = new List<TrainingNode>();
        var unsupported = new SortedSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < graph.Node.Count && !available.Contains(logitsName); index++)
        {
            var node = graph.Node[index];
            var label = $"{node.OpType} node '{(node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault())}'";
            if (node.OpType == "Constant")
            {
                var value = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T
                    ?? throw new NotSupportedException($"{label}: only Constant nodes with a tensor 'value' are supported in training");
                value.Name = node.Output[0];
                AddConstant(value, label, constants, integerConstants, trainable: null);
                available.Add(node.Output[0]);
                continue;
            }

            foreach (var name in node.Input.Where(n => n.Length > 0).Take(node.OpType == "Dropout" ? 1 : node.Input.Count))
            {
                if (!available.Contains(name))
                {
                    throw new InvalidTrainingGraphException($"{label}: input '{name}' is produced by no earlier node (training needs a topologically sorted graph)");
                }
            }

            var created = Create(node, label, opset, integerConstants, name => constants.GetValueOrDefault(name) ?? parameters.GetValueOrDefault(name)?.Value, options.Seed + (ulong)index);
            if (created is null)
            {
                unsupported.Add(node.OpType);
            }
            else
            {
                built.Add(created);
            }

            available.Add(node.Output[0]);
        }

        if (unsupported.Count > 0)
        {
            throw new NotSupportedException($"operators not supported in training: {string.Join(", ", unsupported)}");
        }

        if (!available.Contains(logitsName))
        {
            throw new InvalidTrainingGraphException($"no node produces the logits '{logitsName}'");
        }

        // A float initializer that no node differentiates through (a Dropout ratio, an unused tensor) is a constant.
        var consumed = new HashSet<string>(built.SelectMany(n => n.Inputs), StringComparer.Ordinal);
        foreach (var name in parameters.Keys.Where(n => !consumed.Contains(n)).ToList())
        {
            constants[name] = parameters[name].Value;
            parameters.Remove(name);
        }

        return new TrainingGraph(built, constants, parameters, input.Name, inputShape, logitsName, KernelDispatch.Resolve(options.Kernel), options.Threads,
            options.RecordNodeTimes, options.InputGradient);
    }

    /// <summary>Runs the graph up to the logits, which it returns laid out [batch, classes] (a copy the caller owns).</summary>
    /// <param name="training">Training mode: dropout draws its mask for <paramref name="step"/>.</param>
    public TrainingTensor Forward(float[] input, int[] shape, bool training, long step)
    {
        ArgumentNullException.ThrowIfNull(input);
        // The previous pass is over: its activations and gradients become the buffers of this one.
        lastPass = null;
        buffers.ReturnAll();
        var pass = new TrainingPass(constants, training, step, path, threads, buffers, withoutGradient);
        foreach (var (name, parameter) in parameters)
        {
            pass.SetValue(name, parameter.Value);
        }

        pass.SetValue(InputName, new TrainingTensor(input, shape));
        for (var i = 0; i < nodes.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            nodes[i].Forward(pass);
            Record(forwardTicks, i, start);
        }

        lastPass = pass;
        var logits = pass.Value(logitsName);
        return new TrainingTensor((float[])logits.Data.Clone(), logits.Shape);
    }

    /// <summary>
    /// Cross-entropy of the last forward pass's logits against <paramref name="labels"/>; fills every parameter's
    /// <see cref="TrainingParameter.Gradient"/> and <see cref="InputGradient"/>, and returns the mean loss.
    /// </summary>
    public double BackwardCrossEntropy(ReadOnlySpan<int> labels)
    {
        var logits = LastPass().Value(logitsName).Data;
        var gradient = new float[logits.Length];
        var loss = SoftmaxCrossEntropy.Compute(logits, labels, gradient);
        Backward(gradient);
        return loss;
    }

    /// <summary>Backpropagates a given d loss / d logits through the last forward pass.</summary>
    public void Backward(float[] logitsGradient)
    {
        ArgumentNullException.ThrowIfNull(logitsGradient);
        var pass = LastPass();
        MatrixProducts.Accumulate(pass.GradientBuffer(logitsName), logitsGradient);
        for (var i = nodes.Count - 1; i >= 0; i--)
        {
            var start = Stopwatch.GetTimestamp();
            nodes[i].Backward(pass);
            Record(backwardTicks, i, start);
        }

        foreach (var (name, parameter) in parameters)
        {
            if (pass.Gradient(name) is { } g)
            {
                g.CopyTo(parameter.Gradient, 0);
            }
            else
            {
                Array.Clear(parameter.Gradient);
            }
        }

        InputGradient = inputGradient ? (float[]?)pass.Gradient(InputName)?.Clone() : null;
    }

    /// <summary>Writes every parameter's current values into the model's initializers of the same name.</summary>
    public void WriteTo(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (var initializer in model.Graph.Initializer)
        {
            if (parameters.TryGetValue(initializer.Name, out var parameter))
            {
                var bytes = new byte[parameter.Value.Data.Length * sizeof(float)];
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(parameter.Value.Data.AsSpan()).CopyTo(bytes);
                if (!BitConverter.IsLittleEndian)
                {
                    throw new NotSupportedException("writing ONNX tensors needs a little-endian machine");
                }

                initializer.FloatData.Clear();
                initializer.RawData = Google.Protobuf.ByteString.CopyFrom(bytes);
            }
        }
    }

    /// <summary>The input and every tensor computed from it and constants alone: no parameter's gradient flows through them.</summary>
    private static HashSet<string> NotDependingOnParameters(List<TrainingNode> nodes, string inputName, IEnumerable<string> parameterNames)
    {
        var trainable = new HashSet<string>(parameterNames, StringComparer.Ordinal);
        var result = new HashSet<string>(StringComparer.Ordinal) { inputName };
        foreach (var node in nodes)
        {
            if (node.Inputs.All(i => !trainable.Contains(i)))
            {
                result.Add(node.Output);
            }
            else
            {
                trainable.Add(node.Output);
            }
        }

        return result;
    }

    private static void Record(long[]? ticks, int node, long start)
    {
        if (ticks is not null)
        {
            ticks[node] += Stopwatch.GetTimestamp() - start;
        }
    }

    private TrainingPass LastPass() => lastPass ?? throw new InvalidOperationException("Backward needs a Forward pass first");

    private static void AddConstant(TensorProto proto, string what, Dictionary<string, TrainingTensor> constants, Dictionary<string, long[]> integers,
        Dictionary<string, TrainingParameter>? trainable)
    {
        var tensor = TensorProtoConverter.ToTensor(proto, what);
        switch (tensor.ElementType)
        {
            case TensorElementType.Float32:
                var value = new TrainingTensor((float[])tensor.Floats.Clone(), [.. tensor.Shape]);
                if (trainable is not null)
                {
                    trainable[proto.Name] = new TrainingParameter(proto.Name, value, trainable.Count);
                }
                else
                {
                    constants[proto.Name] = value;
                }

                break;
            case TensorElementType.Int64:
                integers[proto.Name] = tensor.Int64s;
                break;
            default:
                integers[proto.Name] = [];
                break;
        }
    }

    /// <summary>The tensor the loss reads: the first graph output with trailing Identity nodes and one Softmax stripped.</summary>
    private static string LogitsOf(GraphProto graph)
    {
        var name = graph.Output.FirstOrDefault()?.Name ?? throw new InvalidTrainingGraphException("graph has no output");
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output)
            {
                producers[output] = node;
            }
        }

        while (producers.TryGetValue(name, out var producer) && producer.OpType is "Identity" or "Softmax")
        {
            name = producer.Input[0];
            if (producer.OpType == "Softmax")
            {
                break;
            }
        }

        return name;
    }

    private static TrainingNode? Create(NodeProto node, string label, int opset, Dictionary<string, long[]> integers, Func<string, TrainingTensor?> floatConstant, ulong seed)
    {
        var attributes = new GraphAttributes(node, label);
        var inputs = node.Input.ToList();
        var output = node.Output[0];
        switch (node.OpType)
        {
            case "Gemm":
                attributes.RequireOnly("alpha", "beta", "transA", "transB", "broadcast");
                if (attributes.Int("transA", 0) != 0)
                {
                    throw new NotSupportedException($"{label}: transA = 1 is not supported in training");
                }

                return new LinearNode(label, inputs.Where(i => i.Length > 0).ToList(), output, attributes.Float("alpha", 1f), attributes.Float("beta", 1f), attributes.Int("transB", 0) != 0);
            case "MatMul":
                return new LinearNode(label, inputs, output, 1f, 1f, transB: false);
            case "Add":
                attributes.RequireOnly();
                return new AddNode(label, inputs, output);
            case "Conv":
                return new ConvNode(label, inputs.Where(i => i.Length > 0).ToList(), output, attributes);
            case "Relu":
                return new ReluNode(label, inputs, output);
            case "MaxPool":
                if (node.Output.Count > 1 && node.Output[1].Length > 0)
                {
                    throw new NotSupportedException($"{label}: the Indices output is not supported in training");
                }

                return new PoolNode(label, inputs, output, attributes, max: true);
            case "AveragePool":
                return new PoolNode(label, inputs, output, attributes, max: false);
            case "Identity":
                return new ReshapeNode(label, inputs, output, shape => shape);
            case "Flatten":
                var axis = (int)attributes.Int("axis", 1);
                return new ReshapeNode(label, inputs, output, shape => ReshapeNode.Flatten(shape, axis));
            case "Reshape":
                if (opset < 5 || inputs.Count < 2 || !integers.TryGetValue(inputs[1], out var target))
                {
                    throw new NotSupportedException($"{label}: training needs the target shape as a constant int64 tensor");
                }

                if (attributes.Int("allowzero", 0) != 0)
                {
                    throw new NotSupportedException($"{label}: allowzero = 1 is not supported in training");
                }

                return new ReshapeNode(label, inputs.Take(1).ToList(), output, shape => ReshapeNode.Reshape(shape, target, label));
            case "Dropout":
                return new DropoutNode(label, inputs.Take(1).ToList(), output, DropoutRatio(node, attributes, opset, floatConstant), seed);
            case "Softmax":
                var softmaxAxis = (int)attributes.Int("axis", opset < 13 ? 1 : -1);
                return new SoftmaxNode(label, inputs, output, shape => SoftmaxInner(shape, softmaxAxis, opset, label));
            default:
                return null;
        }
    }

    private static float DropoutRatio(NodeProto node, GraphAttributes attributes, int opset, Func<string, TrainingTensor?> floatConstant)
    {
        if (opset < 12)
        {
            return attributes.Float("ratio", 0.5f);
        }

        if (node.Input.Count < 2 || node.Input[1].Length == 0)
        {
            return 0.5f;
        }

        return floatConstant(node.Input[1]) is { Data.Length: 1 } ratio
            ? ratio.Data[0]
            : throw new NotSupportedException($"{attributes.Label}: training needs the ratio as a constant scalar");
    }

    private static int SoftmaxInner(int[] shape, int axis, int opset, string label)
    {
        var normalized = axis < 0 ? axis + shape.Length : axis;
        if (normalized < 0 || normalized >= shape.Length)
        {
            throw new InvalidTrainingGraphException($"{label}: axis {axis} is outside the rank {shape.Length} input");
        }

        if (opset >= 13 && normalized != shape.Length - 1)
        {
            throw new NotSupportedException($"{label}: softmax over axis {axis} other than the last is not supported in training");
        }

        return shape.Skip(normalized).Aggregate(1, (p, d) => p * d);
    }
}
