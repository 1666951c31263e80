using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// Softmax. Opset 13+ normalises along one axis (default -1); earlier opsets flatten to 2-D at the axis
/// (default 1) and normalise each row of the flattened matrix.
/// </summary>
internal sealed class SoftmaxOperator : Operator
{
    private readonly long axis;
    private readonly bool coerceTo2D;

    public SoftmaxOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("axis");
        coerceTo2D = context.Opset < 13;
        axis = context.Int("axis", coerceTo2D ? 1 : -1);
        context.RequireInputType(0, TensorElementType.Float32);
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        int outer, length, inner;
        if (coerceTo2D)
        {
            var a = axis == x.Rank ? x.Rank : ShapeMath.NormalizeAxis(axis, x.Rank, Name);
            outer = ShapeMath.Product(x.Dims.AsSpan(0, a));
            length = ShapeMath.Product(x.Dims.AsSpan(a));
            inner = 1;
        }
        else
        {
            var a = ShapeMath.NormalizeAxis(axis, x.Rank, Name);
            outer = ShapeMath.Product(x.Dims.AsSpan(0, a));
            length = x.Dims[a];
            inner = ShapeMath.Product(x.Dims.AsSpan(a + 1));
        }

        var source = x.Floats;
        var result = new float[source.Length];
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inner; i++)
            {
                var start = o * length * inner + i;
                var max = float.NegativeInfinity;
                for (var j = 0; j < length; j++)
                {
                    max = Math.Max(max, source[start + j * inner]);
                }

                double sum = 0;
                for (var j = 0; j < length; j++)
                {
                    var e = MathF.Exp(source[start + j * inner] - max);
                    result[start + j * inner] = e;
                    sum += e;
                }

                for (var j = 0; j < length; j++)
                {
                    result[start + j * inner] = (float)(result[start + j * inner] / sum);
                }
            }
        }

        return [Tensor.FromArray(TensorElementType.Float32, x.Dims, result)];
    }
}
