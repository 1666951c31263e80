using System.Numerics;
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
        return a.ElementType == TensorElementType.Float32
            ? [Tensor.FromArray(TensorElementType.Float32, outDims, Compute(a.Floats, b.Floats, outDims, aStrides, bStrides, count))]
            : [Tensor.FromArray(TensorElementType.Int64, outDims, Compute(a.Int64s, b.Int64s, outDims, aStrides, bStrides, count))];
    }

    private T[] Compute<T>(T[] x, T[] y, int[] outDims, int[] aStrides, int[] bStrides, int count)
        where T : INumber<T>
    {
        var result = new T[count];
        BroadcastWalker.Walk(outDims, aStrides, bStrides, (o, ai, aStep, bi, bStep, length) =>
        {
            for (var i = 0; i < length; i++, ai += aStep, bi += bStep)
            {
                result[o + i] = operation switch
                {
                    '+' => x[ai] + y[bi],
                    '-' => x[ai] - y[bi],
                    '*' => x[ai] * y[bi],
                    _ => Divide(x[ai], y[bi], o + i),
                };
            }
        });
        return result;
    }

    // Integer division by zero has no result; float division by zero gives an infinity or NaN as IEEE 754 says.
    private T Divide<T>(T dividend, T divisor, int index)
        where T : INumber<T> =>
        T.IsZero(divisor) && typeof(T) != typeof(float)
            ? throw Invalid($"integer division by zero at output element {index}")
            : dividend / divisor;
}
