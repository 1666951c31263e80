using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Operators;

namespace DeepCompress.Runtime.Graph;

/// <summary>
/// A graph prepared for execution: operators in topological order, constant tensors, and for every node the
/// values whose last use it is, so that intermediate buffers are released as soon as possible.
/// </summary>
internal sealed class ExecutionPlan
{
    private readonly PlannedNode[] nodes;

    // Every value of the graph has a slot; a run starts from a copy of this array, which holds the constants.
    private readonly Tensor?[] constantSlots;
    private readonly int[] inputSlots;
    private readonly int[] outputSlots;

    private ExecutionPlan(
        PlannedNode[] nodes,
        Tensor?[] constantSlots,
        int[] inputSlots,
        int[] outputSlots,
        string[] inputNames,
        IReadOnlyList<int>[] inputShapes,
        TensorElementType[] inputTypes,
        string[] outputNames)
    {
        this.nodes = nodes;
        this.constantSlots = constantSlots;
        this.inputSlots = inputSlots;
        this.outputSlots = outputSlots;
        InputNames = inputNames;
        InputShapes = inputShapes;
        InputTypes = inputTypes;
        OutputNames = outputNames;
    }

    public string[] InputNames { get; }

    public IReadOnlyList<int>[] InputShapes { get; }

    public TensorElementType[] InputTypes { get; }

    public string[] OutputNames { get; }

    public static ExecutionPlan Build(ModelProto model, IReadOnlyDictionary<string, SparseQuantizedTensor> sparse, KernelPath path, int threads)
    {
        var graph = model.Graph ?? throw new InvalidDataException("model has no graph");
        var opset = DefaultOpset(model);
        RejectUnsupportedOperators(graph);

        var problems = new List<string>();
        var types = new Dictionary<string, TensorElementType?>();
        var constants = new Dictionary<string, Tensor>();
        var graphNames = new HashSet<string>(graph.Initializer.Select(i => i.Name).Concat(graph.Input.Select(i => i.Name)).Concat(graph.Node.SelectMany(n => n.Output)));
        foreach (var name in sparse.Keys)
        {
            if (!graphNames.Contains(name))
            {
                throw new ArgumentException($"compressed weight '{name}' names no initializer, input or node output of the graph", nameof(sparse));
            }
        }

        var denseNeeded = NamesNeedingDenseForm(graph, sparse);
        foreach (var initializer in graph.Initializer)
        {
            if (sparse.TryGetValue(initializer.Name, out var weight))
            {
                if (initializer.Dims.Count > 0 && !initializer.Dims.SequenceEqual(weight.Shape.Select(d => (long)d)))
                {
                    throw new InvalidDataException(
                        $"initializer '{initializer.Name}': shape [{string.Join(",", initializer.Dims)}] differs from its compressed weight's {ShapeMath.Format(weight.Shape)}");
                }

                RegisterSparse(initializer.Name, weight, denseNeeded, constants, types);
                continue;
            }

            try
            {
                var tensor = TensorProtoConverter.ToTensor(initializer, $"initializer '{initializer.Name}'");
                constants[initializer.Name] = tensor;
                types[initializer.Name] = tensor.ElementType;
            }
            catch (NotSupportedException e)
            {
                problems.Add(e.Message);
                types[initializer.Name] = null;
            }
        }

        var inputNames = new List<string>();
        var inputShapes = new List<IReadOnlyList<int>>();
        var inputTypes = new List<TensorElementType>();
        foreach (var input in graph.Input)
        {
            if (constants.ContainsKey(input.Name) || types.ContainsKey(input.Name))
            {
                continue;
            }

            if (input.Type?.TensorType is not { } tensorType)
            {
                problems.Add($"graph input '{input.Name}': only tensor inputs are supported");
                types[input.Name] = null;
                continue;
            }

            try
            {
                var type = TensorProtoConverter.ElementTypeOf(tensorType.ElemType, $"graph input '{input.Name}'");
                types[input.Name] = type;
                inputNames.Add(input.Name);
                inputTypes.Add(type);
                inputShapes.Add(tensorType.Shape is { } shape
                    ? shape.Dim.Select(d => d.HasDimValue && d.DimValue is >= 0 and <= int.MaxValue ? (int)d.DimValue : -1).ToArray()
                    : []);
            }
            catch (NotSupportedException e)
            {
                problems.Add(e.Message);
                types[input.Name] = null;
            }
        }

        var order = TopologicalOrder(graph, types.Keys);
        var planned = new List<PlannedNode>(order.Count);
        foreach (var node in order)
        {
            var inputTypesOfNode = node.Input.Select(n => n.Length == 0 ? null : types.GetValueOrDefault(n)).ToArray();
            // A Constant whose value was replaced by a compressed weight may have had its data removed: never decode it.
            if (node.OpType == "Constant" && node.Output.Count > 0 && sparse.TryGetValue(node.Output[0], out var replaced))
            {
                RegisterSparse(node.Output[0], replaced, denseNeeded, constants, types);
                continue;
            }

            var unknownInput = node.Input.Where((n, i) => n.Length > 0 && inputTypesOfNode[i] is null).Any();
            Operator? op = null;
            if (!unknownInput)
            {
                var nodeContext = new NodeContext(node, opset, inputTypesOfNode, constants, sparse, path, threads);
                try
                {
                    op = OperatorFactory.Create(nodeContext);
                }
                catch (NotSupportedException e)
                {
                    problems.Add(e.Message);
                }
            }

            for (var i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i].Length > 0)
                {
                    types[node.Output[i]] = op is not null && i < op.OutputTypes.Length ? op.OutputTypes[i] : null;
                }
            }

            if (op is null)
            {
                continue;
            }

            if (op is ConstantOperator constant && node.Output.Count > 0)
            {
                constants[node.Output[0]] = constant.Value;
                continue;
            }

            planned.Add(new PlannedNode(op, node.OpType, node.Input.ToArray(), node.Output.ToArray()));
        }

        if (problems.Count > 0)
        {
            throw new NotSupportedException("unsupported features: " + string.Join("; ", problems));
        }

        var outputNames = graph.Output.Select(o => o.Name).ToArray();
        foreach (var output in outputNames)
        {
            if (!types.ContainsKey(output))
            {
                throw new InvalidDataException($"graph output '{output}' is produced by no node, input or initializer");
            }
        }

        FuseRelu(planned, outputNames);

        // Compressed weights consumed only in their prepared code-matrix form have no tensor value at run time.
        var preparedWeights = sparse.Keys.Where(name => !constants.ContainsKey(name)).ToHashSet();
        var slots = new Dictionary<string, int>();
        int SlotOf(string name) => name.Length == 0 || preparedWeights.Contains(name) ? -1 : slots.TryGetValue(name, out var slot) ? slot : slots[name] = slots.Count;
        var inputSlots = inputNames.Select(SlotOf).ToArray();
        foreach (var node in planned)
        {
            node.InputSlots = node.Inputs.Select(SlotOf).ToArray();
            node.OutputSlots = node.Outputs.Select(SlotOf).ToArray();
        }

        var outputSlots = outputNames.Select(SlotOf).ToArray();
        var constantSlots = new Tensor?[slots.Count];
        foreach (var (name, slot) in slots)
        {
            constantSlots[slot] = constants.GetValueOrDefault(name);
        }

        ReleaseAfterLastUse(planned, outputSlots, constantSlots.Length);
        return new ExecutionPlan(planned.ToArray(), constantSlots, inputSlots, outputSlots, inputNames.ToArray(), inputShapes.ToArray(), inputTypes.ToArray(), outputNames);
    }

    public IReadOnlyDictionary<string, Tensor> Run(IReadOnlyDictionary<string, Tensor> inputs, RunSettings context)
    {
        var values = (Tensor?[])constantSlots.Clone();
        for (var i = 0; i < InputNames.Length; i++)
        {
            var name = InputNames[i];
            if (!inputs.TryGetValue(name, out var tensor))
            {
                throw new ArgumentException($"input '{name}' is missing", nameof(inputs));
            }

            CheckInput(name, tensor, InputTypes[i], InputShapes[i]);
            values[inputSlots[i]] = tensor;
        }

        foreach (var node in nodes)
        {
            var arguments = new Tensor?[node.InputSlots.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                var slot = node.InputSlots[i];
                if (slot >= 0)
                {
                    arguments[i] = values[slot] ?? throw new InvalidDataException($"node {node.Operator.Name}: input '{node.Inputs[i]}' has no value");
                }
            }

            var results = node.Operator.Execute(arguments, context);
            for (var i = 0; i < node.OutputSlots.Length && i < results.Length; i++)
            {
                if (node.OutputSlots[i] >= 0 && results[i] is { } result)
                {
                    values[node.OutputSlots[i]] = result;
                }
            }

            foreach (var dead in node.ReleasedAfter)
            {
                values[dead] = null;
            }
        }

        var outputs = new Dictionary<string, Tensor>(OutputNames.Length);
        for (var i = 0; i < OutputNames.Length; i++)
        {
            outputs[OutputNames[i]] = (outputSlots[i] >= 0 ? values[outputSlots[i]] : null) ?? throw new InvalidDataException($"graph output '{OutputNames[i]}' was not computed");
        }

        return outputs;
    }

    private static void CheckInput(string name, Tensor tensor, TensorElementType type, IReadOnlyList<int> shape)
    {
        if (tensor.ElementType != type)
        {
            throw new ArgumentException($"input '{name}' is {tensor.ElementType}, the graph declares {type}");
        }

        var declaredRank = shape.Count;
        if (declaredRank == 0)
        {
            return;
        }

        var mismatch = tensor.Rank != declaredRank || shape.Where((d, i) => d >= 0 && d != tensor.Dims[i]).Any();
        if (mismatch)
        {
            throw new ArgumentException($"input '{name}' has shape {ShapeMath.Format(tensor.Dims)}, the graph declares {ShapeMath.Format(shape.ToArray())} (-1: any)");
        }
    }

    private static int DefaultOpset(ModelProto model)
    {
        var import = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx")
            ?? throw new InvalidDataException("model imports no opset of the default ONNX domain");
        if (import.Version < InferenceSession.MinimumOpset || import.Version > InferenceSession.MaximumOpset)
        {
            throw new NotSupportedException(
                $"opset {import.Version} is not supported (supported: {InferenceSession.MinimumOpset}..{InferenceSession.MaximumOpset})");
        }

        return (int)import.Version;
    }

    private static void RejectUnsupportedOperators(GraphProto graph)
    {
        var unsupported = graph.Node
            .Where(n => !OperatorFactory.IsSupported(n.Domain, n.OpType))
            .GroupBy(n => n.Domain is "" or "ai.onnx" ? n.OpType : $"{n.Domain}:{n.OpType}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} ({g.Count()} node{(g.Count() == 1 ? "" : "s")})")
            .ToArray();
        if (unsupported.Length > 0)
        {
            throw new NotSupportedException("unsupported operators: " + string.Join(", ", unsupported));
        }
    }

    /// <summary>Compressed weights also read by a node that cannot use the sparse form, or returned as outputs.</summary>
    private static HashSet<string> NamesNeedingDenseForm(GraphProto graph, IReadOnlyDictionary<string, SparseQuantizedTensor> sparse)
    {
        var needed = new HashSet<string>(graph.Output.Select(o => o.Name).Where(sparse.ContainsKey));
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                var sparseAware = i == 1 && OperatorFactory.SparseWeightConsumers.Contains(node.OpType);
                if (!sparseAware && sparse.ContainsKey(node.Input[i]))
                {
                    needed.Add(node.Input[i]);
                }
            }
        }

        return needed;
    }

    private static void RegisterSparse(
        string name,
        SparseQuantizedTensor weight,
        HashSet<string> denseNeeded,
        Dictionary<string, Tensor> constants,
        Dictionary<string, TensorElementType?> types)
    {
        types[name] = TensorElementType.Float32;
        if (denseNeeded.Contains(name))
        {
            constants[name] = Tensor.FromFloat(weight.ToDense(), weight.Shape);
        }
    }

    /// <summary>Kahn's algorithm, taking ready nodes in file order so the schedule is deterministic.</summary>
    private static List<NodeProto> TopologicalOrder(GraphProto graph, IEnumerable<string> available)
    {
        var producer = new Dictionary<string, int>();
        for (var i = 0; i < graph.Node.Count; i++)
        {
            foreach (var output in graph.Node[i].Output.Where(o => o.Length > 0))
            {
                if (!producer.TryAdd(output, i))
                {
                    throw new InvalidDataException($"value '{output}' is produced by more than one node");
                }
            }
        }

        var known = new HashSet<string>(available);
        var pending = new int[graph.Node.Count];
        var consumers = new List<int>[graph.Node.Count];
        for (var i = 0; i < graph.Node.Count; i++)
        {
            consumers[i] = [];
        }

        for (var i = 0; i < graph.Node.Count; i++)
        {
            foreach (var input in graph.Node[i].Input.Where(n => n.Length > 0).Distinct())
            {
                if (producer.TryGetValue(input, out var p) && !known.Contains(input))
                {
                    pending[i]++;
                    consumers[p].Add(i);
                }
                else if (!known.Contains(input))
                {
                    throw new InvalidDataException($"node {i} ({graph.Node[i].OpType}): input '{input}' is no graph input, initializer or node output");
                }
            }
        }

        var ready = new PriorityQueue<int, int>();
        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] == 0)
            {
                ready.Enqueue(i, i);
            }
        }

        var order = new List<NodeProto>(graph.Node.Count);
        while (ready.TryDequeue(out var i, out _))
        {
            order.Add(graph.Node[i]);
            foreach (var c in consumers[i])
            {
                if (--pending[c] == 0)
                {
                    ready.Enqueue(c, c);
                }
            }
        }

        if (order.Count != graph.Node.Count)
        {
            throw new InvalidDataException($"graph has a cycle: {graph.Node.Count - order.Count} nodes never become ready");
        }

        return order;
    }

    /// <summary>
    /// A Relu that is the only reader of a Gemm's output, which is no graph output, runs inside the Gemm (as the
    /// batch-1 kernel stores each sum): one pass over the layer's outputs and one buffer less per inference.
    /// </summary>
    private static void FuseRelu(List<PlannedNode> planned, string[] outputs)
    {
        var readers = planned.SelectMany(node => node.Inputs).Where(name => name.Length > 0).GroupBy(name => name).ToDictionary(g => g.Key, g => g.Count());
        for (var i = planned.Count - 1; i >= 0; i--)
        {
            var relu = planned[i];
            if (relu.OpType != "Relu" || relu.Inputs.Length != 1 || readers.GetValueOrDefault(relu.Inputs[0]) != 1 || outputs.Contains(relu.Inputs[0]))
            {
                continue;
            }

            var producer = planned.FindIndex(node => node.Outputs.Contains(relu.Inputs[0]));
            if (producer >= 0 && planned[producer].Operator is GemmOperator gemm && planned[producer].Outputs.Length == 1)
            {
                gemm.FuseRelu();
                planned[producer] = planned[producer] with { Outputs = relu.Outputs };
                planned.RemoveAt(i);
            }
        }
    }

    private static void ReleaseAfterLastUse(List<PlannedNode> planned, int[] outputSlots, int slotCount)
    {
        var lastUse = new int[slotCount];
        Array.Fill(lastUse, -1);
        for (var i = 0; i < planned.Count; i++)
        {
            foreach (var slot in planned[i].InputSlots.Concat(planned[i].OutputSlots).Where(slot => slot >= 0))
            {
                lastUse[slot] = i;
            }
        }

        var keep = new HashSet<int>(outputSlots);
        for (var slot = 0; slot < slotCount; slot++)
        {
            if (lastUse[slot] >= 0 && !keep.Contains(slot))
            {
                planned[lastUse[slot]].ReleasedAfter.Add(slot);
            }
        }
    }
}
