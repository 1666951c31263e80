using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>GlobalAveragePool: the mean of each [N, C] plane, keeping the spatial dimensions as 1.</summary>
internal sealed class GlobalAveragePoolOperator : Operator
{
    public GlobalAveragePoolOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes();
        context.RequireInputType(0, TensorElementType.Float32);
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        if (x.Rank < 2)
        {
            throw Invalid($"input has shape {ShapeMath.Format(x.Dims)}, needs [N, C, ...]");
        }

        var planes = x.Dims[0] * x.Dims[1];
        var spatial = ShapeMath.Product(x.Dims.AsSpan(2));
        var source = x.Floats;
        var result = new float[planes];
        for (var p = 0; p < planes; p++)
        {
            double sum = 0;
            for (var i = p * spatial; i < (p + 1) * spatial; i++)
            {
                sum += source[i];
            }

            result[p] = (float)(sum / spatial);
        }

        var outDims = new int[x.Rank];
        Array.Fill(outDims, 1);
        outDims[0] = x.Dims[0];
        outDims[1] = x.Dims[1];
        return [Tensor.FromArray(TensorElementType.Float32, outDims, result)];
    }
}
