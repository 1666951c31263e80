using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Dropout at inference: the identity, with an all-true mask when the mask output is requested.</summary>
internal sealed class DropoutOperator : Operator
{
    public DropoutOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("ratio", "seed");
        // Random dropping is a training feature; only a training_mode that is provably false at creation is accepted.
        if (context.HasInput(2) && (context.ConstantInput(2) is not { } training || training.Bools.Any(b => b)))
        {
            throw new NotSupportedException($"node {Name}: training mode (random dropping) is not supported; training_mode must be a constant false");
        }

        context.RequireInputType(1, TensorElementType.Float32);
        context.RequireInputType(2, TensorElementType.Bool);
        // The mask became a bool tensor in opset 10; before that it had the data's type.
        OutputTypes = [context.InputType(0), context.Opset >= 10 ? TensorElementType.Bool : context.InputType(0)];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var count = x.ElementCount;
        Tensor mask = OutputTypes[1] switch
        {
            TensorElementType.Bool => Tensor.FromArray(TensorElementType.Bool, x.Dims, Enumerable.Repeat(true, count).ToArray()),
            TensorElementType.Float32 => Tensor.FromArray(TensorElementType.Float32, x.Dims, Enumerable.Repeat(1f, count).ToArray()),
            _ => Tensor.FromArray(TensorElementType.Int64, x.Dims, Enumerable.Repeat(1L, count).ToArray()),
        };
        return [x, mask];
    }
}
