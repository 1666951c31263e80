using DeepCompress.Core;
using DeepCompress.Onnx.Proto;

namespace DeepCompress.Runtime.Graph;

/// <summary>What an operator may know about its node at session creation: attributes, opset, input types, constants.</summary>
internal sealed class NodeContext
{
    private readonly IReadOnlyDictionary<string, Tensor> constants;
    private readonly IReadOnlyDictionary<string, SparseQuantizedTensor> sparse;

    public NodeContext(
        NodeProto node,
        int opset,
        TensorElementType?[] inputTypes,
        IReadOnlyDictionary<string, Tensor> constants,
        IReadOnlyDictionary<string, SparseQuantizedTensor> sparse,
        KernelPath path,
        int threads)
    {
        Node = node;
        Opset = opset;
        InputTypes = inputTypes;
        this.constants = constants;
        this.sparse = sparse;
        Path = path;
        Threads = threads;
        Name = $"{(node.Name.Length > 0 ? node.Name : node.Output.FirstOrDefault() ?? "?")} ({node.OpType})";
    }

    public NodeProto Node { get; }

    public int Opset { get; }

    /// <summary>Names the node in messages: "name (OpType)".</summary>
    public string Name { get; }

    /// <summary>Element type of each input, null for an omitted optional input.</summary>
    public TensorElementType?[] InputTypes { get; }

    public KernelPath Path { get; }

    public int Threads { get; }

    public bool HasInput(int index) => index < Node.Input.Count && Node.Input[index].Length > 0;

    public bool HasOutput(int index) => index < Node.Output.Count && Node.Output[index].Length > 0;

    /// <summary>The value of input <paramref name="index"/> when it is an initializer or Constant output, else null.</summary>
    public Tensor? ConstantInput(int index) =>
        HasInput(index) && constants.TryGetValue(Node.Input[index], out var t) ? t : null;

    /// <summary>The compressed weight feeding input <paramref name="index"/>, if any.</summary>
    public SparseQuantizedTensor? SparseInput(int index) =>
        HasInput(index) && sparse.TryGetValue(Node.Input[index], out var t) ? t : null;

    /// <summary>Throws NotSupportedException listing attributes the operator does not implement.</summary>
    public void RequireKnownAttributes(params string[] known)
    {
        var unknown = Node.Attribute.Select(a => a.Name).Where(n => !known.Contains(n)).ToArray();
        if (unknown.Length > 0)
        {
            throw new NotSupportedException($"node {Name}: unsupported attributes {string.Join(", ", unknown)}");
        }
    }

    /// <summary>Throws NotSupportedException unless input <paramref name="index"/> (when present) has one of the types.</summary>
    public void RequireInputType(int index, params TensorElementType[] allowed)
    {
        if (index < InputTypes.Length && InputTypes[index] is { } type && !allowed.Contains(type))
        {
            throw new NotSupportedException(
                $"node {Name}: input {index} has element type {type}, supported: {string.Join(", ", allowed)}");
        }
    }

    public TensorElementType InputType(int index) =>
        index < InputTypes.Length && InputTypes[index] is { } type
            ? type
            : throw new InvalidDataException($"node {Name}: required input {index} is missing");

    public AttributeProto? Attribute(string name) => Node.Attribute.FirstOrDefault(a => a.Name == name);

    public long Int(string name, long defaultValue) => Attribute(name) is { } a ? Expect(a, AttributeProto.Types.AttributeType.Int).I : defaultValue;

    public float Float(string name, float defaultValue) => Attribute(name) is { } a ? Expect(a, AttributeProto.Types.AttributeType.Float).F : defaultValue;

    public long[]? Ints(string name) => Attribute(name) is { } a ? Expect(a, AttributeProto.Types.AttributeType.Ints).Ints.ToArray() : null;

    public string String(string name, string defaultValue) =>
        Attribute(name) is { } a ? Expect(a, AttributeProto.Types.AttributeType.String).S.ToStringUtf8() : defaultValue;

    /// <summary>Converts 64-bit attribute values to int, rejecting values outside [min, max].</summary>
    public int[] ToInts(long[] values, string attribute, long min, long max)
    {
        var result = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] < min || values[i] > max)
            {
                throw new InvalidDataException($"node {Name}: attribute {attribute}[{i}] = {values[i]} is outside [{min}, {max}]");
            }

            result[i] = (int)values[i];
        }

        return result;
    }

    private AttributeProto Expect(AttributeProto attribute, AttributeProto.Types.AttributeType type)
    {
        // Old exporters leave the type unset; trust the field that carries the value then.
        if (attribute.HasType && attribute.Type != type)
        {
            throw new InvalidDataException($"node {Name}: attribute {attribute.Name} has type {attribute.Type}, expected {type}");
        }

        return attribute;
    }
}
