using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Constant: its value is decoded once at session creation.</summary>
internal sealed class ConstantOperator : Operator
{
    public ConstantOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("value", "value_float", "value_floats", "value_int", "value_ints", "sparse_value", "value_string", "value_strings");
        if (context.Node.Attribute.Count != 1)
        {
            throw new InvalidDataException($"node {Name}: needs exactly one value attribute, has {context.Node.Attribute.Count}");
        }

        var attribute = context.Node.Attribute[0];
        Value = attribute.Name switch
        {
            "value" => TensorProtoConverter.ToTensor(attribute.T, $"node {Name} attribute value"),
            "value_float" => Tensor.FromFloat([attribute.F]),
            "value_floats" => Tensor.FromFloat(attribute.Floats.ToArray(), attribute.Floats.Count),
            "value_int" => Tensor.FromInt64([attribute.I]),
            "value_ints" => Tensor.FromInt64(attribute.Ints.ToArray(), attribute.Ints.Count),
            _ => throw new NotSupportedException($"node {Name}: attribute {attribute.Name} is not supported"),
        };
        OutputTypes = [Value.ElementType];
    }

    public Tensor Value { get; }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context) => [Value];
}
