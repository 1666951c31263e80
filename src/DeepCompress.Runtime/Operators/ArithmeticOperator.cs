using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Add, Sub, Mul and Div with multidirectional broadcasting, on float or int64 tensors.</summary>
internal sealed class ArithmeticOperator : Operator
{
    private readonly char operation;

    public ArithmeticOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes();
        operation = context.Node.OpType switch
        {
            "Add" => '+',
            "Sub" => '-',
            "Mul" => '*',
            _ => '/',
        };
        context.RequireInputType(0, TensorElementType.Float32, TensorElementType.Int64);
        context.RequireInputType(1, TensorElementType.Float32, TensorElementType.Int64);
        if (context.InputType(0) != context.InputType(1))
        {
            throw new InvalidDataException($"node {Name}: inputs have different element types {context.InputType(0)} and {context.InputType(1)}");
        }

        OutputTypes = [context.InputType(0)];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var a = Required(inputs, 0);
        var b = Required(inputs, 1);
        var outDims = ShapeMath.Broadcast(a.Dims, b.Dims, Name);
        var aStrides = ShapeMath.BroadcastStrides(a.Dims, outDims);
        var bStrides = ShapeMath.BroadcastStrides(b.Dims, outDims);
        var count = ShapeMath.ElementCount(outDims, Name);
        if (a.ElementType == TensorElementType.Float32)
        {
            var x = a.Floats;
            var y = b.Floats;
            var result = new float[count];
            BroadcastWalker.Walk(outDims, aStrides, bStrides, (o, ai, aStep, bi, bStep, length) =>
            {
                for (var i = 0; i < length; i++, ai += aStep, bi += bStep)
                {
                    result[o + i] = operation switch
                    {
                        '+' => x[ai] + y[bi],
                        '-' => x[ai] - y[bi],
                        '*' => x[ai] * y[bi],
                        _ => x[ai] / y[bi],
                    };
                }
            });
            return [Tensor.FromArray(TensorElementType.Float32, outDims, result)];
        }
        else
        {
            var x = a.Int64s;
            var y = b.Int64s;
            var result = new long[count];
            BroadcastWalker.Walk(outDims, aStrides, bStrides, (o, ai, aStep, bi, bStep, length) =>
            {
                for (var i = 0; i < length; i++, ai += aStep, bi += bStep)
                {
                    result[o + i] = operation switch
                    {
                        '+' => unchecked(x[ai] + y[bi]),
                        '-' => unchecked(x[ai] - y[bi]),
                        '*' => unchecked(x[ai] * y[bi]),
                        _ => y[bi] != 0 ? x[ai] / y[bi] : throw Invalid($"integer division by zero at output element {o + i}"),
                    };
                }
            });
            return [Tensor.FromArray(TensorElementType.Int64, outDims, result)];
        }
    }
}
