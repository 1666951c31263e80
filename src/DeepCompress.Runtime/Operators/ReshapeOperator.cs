using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Reshape with an int64 shape input: 0 copies the input dimension (unless allowzero), -1 is inferred.</summary>
internal sealed class ReshapeOperator : Operator
{
    private readonly bool allowZero;

    public ReshapeOperator(NodeContext context)
        : base(context)
    {
        if (context.Opset < 5)
        {
            throw new NotSupportedException($"node {Name}: Reshape before opset 5 (shape as an attribute) is not supported");
        }

        context.RequireKnownAttributes("allowzero");
        allowZero = context.Int("allowzero", 0) != 0;
        context.RequireInputType(1, TensorElementType.Int64);
        OutputTypes = [context.InputType(0)];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var requested = Required(inputs, 1).Int64s;
        var dims = new int[requested.Length];
        var inferred = -1;
        long known = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            var d = requested[i];
            if (d == -1)
            {
                if (inferred >= 0)
                {
                    throw Invalid($"shape has more than one -1 (positions {inferred} and {i})");
                }

                inferred = i;
                continue;
            }

            if (d == 0 && !allowZero)
            {
                if (i >= x.Rank)
                {
                    throw Invalid($"shape[{i}] = 0 copies a dimension the rank-{x.Rank} input lacks");
                }

                d = x.Dims[i];
            }

            if (d < 0 || d > Array.MaxLength)
            {
                throw Invalid($"shape[{i}] = {d} is outside [-1, {Array.MaxLength}]");
            }

            dims[i] = (int)d;
            known *= d;
        }

        if (inferred >= 0)
        {
            if (known == 0 || x.ElementCount % known != 0)
            {
                throw Invalid($"cannot infer the -1 dimension: {x.ElementCount} elements over a known product of {known}");
            }

            dims[inferred] = (int)(x.ElementCount / known);
        }
        else if (known != x.ElementCount)
        {
            throw Invalid($"shape {ShapeMath.Format(dims)} holds {known} elements, the input has {x.ElementCount}");
        }

        return [x.WithShape(dims)];
    }
}
