using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Clip: bounds from attributes (opset &lt; 11) or from optional scalar inputs (opset 11+).</summary>
internal sealed class ClipOperator : Operator
{
    private readonly float attributeMin;
    private readonly float attributeMax;
    private readonly bool boundsAreInputs;

    public ClipOperator(NodeContext context)
        : base(context)
    {
        boundsAreInputs = context.Opset >= 11;
        if (boundsAreInputs)
        {
            context.RequireKnownAttributes();
        }
        else
        {
            context.RequireKnownAttributes("min", "max");
            attributeMin = context.Float("min", float.NegativeInfinity);
            attributeMax = context.Float("max", float.PositiveInfinity);
        }

        for (var i = 0; i < 3; i++)
        {
            context.RequireInputType(i, TensorElementType.Float32);
        }
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var min = boundsAreInputs ? Bound(inputs, 1, float.NegativeInfinity) : attributeMin;
        var max = boundsAreInputs ? Bound(inputs, 2, float.PositiveInfinity) : attributeMax;
        var source = x.Floats;
        var result = new float[source.Length];
        for (var i = 0; i < source.Length; i++)
        {
            // min before max: when min > max every element becomes max, as numpy.clip does.
            var v = source[i] < min ? min : source[i];
            result[i] = v > max ? max : v;
        }

        return [Tensor.FromArray(TensorElementType.Float32, x.Dims, result)];
    }

    private float Bound(Tensor?[] inputs, int index, float absent)
    {
        if (index >= inputs.Length || inputs[index] is not { } bound)
        {
            return absent;
        }

        if (bound.ElementCount != 1)
        {
            throw Invalid($"bound input {index} must be a scalar, has shape {ShapeMath.Format(bound.Dims)}");
        }

        return bound.Floats[0];
    }
}
