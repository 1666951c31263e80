using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Flatten: [d0 .. d(axis-1)] and [d(axis) ..] become the two dimensions of a matrix.</summary>
internal sealed class FlattenOperator : Operator
{
    private readonly long axis;

    public FlattenOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("axis");
        axis = context.Int("axis", 1);
        OutputTypes = [context.InputType(0)];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var rank = x.Rank;
        // axis may equal rank (everything goes to the outer dimension), so normalise against rank + 1.
        if (axis < -rank || axis > rank)
        {
            throw Invalid($"axis {axis} is outside [{-rank}, {rank}]");
        }

        var split = (int)(axis < 0 ? axis + rank : axis);
        var outer = ShapeMath.Product(x.Dims.AsSpan(0, split));
        var inner = ShapeMath.Product(x.Dims.AsSpan(split));
        return [x.WithShape([outer, inner])];
    }
}
