using DeepCompress.Onnx.Proto;

namespace DeepCompress.Runtime.Training;

/// <summary>Typed reads of a node's attributes with the node named in every error.</summary>
internal sealed class GraphAttributes
{
    private readonly NodeProto node;

    public GraphAttributes(NodeProto node, string label)
    {
        this.node = node;
        Label = label;
    }

    /// <summary>How errors name the node: its op type and name (or first output).</summary>
    public string Label { get; }

    public void RequireOnly(params string[] known)
    {
        var unknown = node.Attribute.Select(a => a.Name).Where(n => !known.Contains(n, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"{Label}: attribute(s) {string.Join(", ", unknown)} are not supported in training");
        }
    }

    public long Int(string name, long defaultValue) => Find(name) is { } a ? a.I : defaultValue;

    public float Float(string name, float defaultValue) => Find(name) is { } a ? a.F : defaultValue;

    public string String(string name, string defaultValue) => Find(name) is { } a ? a.S.ToStringUtf8() : defaultValue;

    /// <summary>An ints attribute of <paramref name="count"/> values, each in [<paramref name="min"/>, 65536].</summary>
    public int[] Ints(string name, int count, int defaultValue, int min)
    {
        if (Find(name) is not { } a)
        {
            return Enumerable.Repeat(defaultValue, count).ToArray();
        }

        if (a.Ints.Count != count)
        {
            throw new InvalidTrainingGraphException($"{Label}: attribute {name} has {a.Ints.Count} values, expected {count}");
        }

        return a.Ints.Select(v => v is < int.MinValue or > 65_536 || v < min
            ? throw new InvalidTrainingGraphException($"{Label}: attribute {name} value {v} is outside [{min}, 65536]")
            : (int)v).ToArray();
    }

    private AttributeProto? Find(string name) => node.Attribute.FirstOrDefault(a => a.Name == name);
}
