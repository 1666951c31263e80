using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// Gemm: Y = alpha op(A) op(B) + beta C, C broadcast to [M, N]. A constant dense B stored transposed is
/// transposed once at creation; a compressed B becomes a code matrix at creation.
/// </summary>
internal sealed class GemmOperator : Operator
{
    private readonly float alpha;
    private readonly float beta;
    private readonly bool transA;
    private readonly bool transB;
    private readonly SparseLinear? sparse;
    private readonly Tensor? constantB;

    // A constant B stored [N, K] (transB) as written in the model: batch 1 reads it row by row as a GEMV.
    private readonly Tensor? outputsByInputsB;

    public GemmOperator(NodeContext context)
        : base(context)
    {
        // broadcast (opsets before 7) only allowed C to broadcast, which every opset here does.
        context.RequireKnownAttributes("alpha", "beta", "transA", "transB", "broadcast");
        alpha = context.Float("alpha", 1f);
        beta = context.Float("beta", 1f);
        transA = context.Int("transA", 0) != 0;
        transB = context.Int("transB", 0) != 0;
        for (var i = 0; i < 3; i++)
        {
            context.RequireInputType(i, TensorElementType.Float32);
        }

        if (context.SparseInput(1) is { } weight)
        {
            sparse = new SparseLinear(weight, storedAsOutputsByInputs: transB, Name);
        }
        else if (context.ConstantInput(1) is { Rank: 2 } b)
        {
            outputsByInputsB = transB ? b : null;
            constantB = transB ? Tensor.FromArray(TensorElementType.Float32, [b.Dims[1], b.Dims[0]], MatrixLayout.Transpose(b.Floats, 0, b.Dims[0], b.Dims[1])) : b;
        }
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var a = Required(inputs, 0);
        if (a.Rank != 2)
        {
            throw Invalid($"A has shape {ShapeMath.Format(a.Dims)}, needs 2-D");
        }

        var m = transA ? a.Dims[1] : a.Dims[0];
        var k = transA ? a.Dims[0] : a.Dims[1];
        var aData = transA ? MatrixLayout.Transpose(a.Floats, 0, a.Dims[0], a.Dims[1]) : a.Floats;
        float[] product;
        int n;
        if (sparse is not null)
        {
            CheckInner(k, sparse.InputSize);
            n = sparse.OutputSize;
            product = sparse.Apply(aData, 0, m, context);
        }
        else if (m == 1 && outputsByInputsB is not null)
        {
            CheckInner(k, outputsByInputsB.Dims[1]);
            n = outputsByInputsB.Dims[0];
            product = new float[n];
            DenseMatrixVector.Multiply(outputsByInputsB.Floats, n, k, aData, product, context.Path, context.Threads);
        }
        else
        {
            var b = constantB ?? Required(inputs, 1);
            if (b.Rank != 2)
            {
                throw Invalid($"B has shape {ShapeMath.Format(b.Dims)}, needs 2-D");
            }

            var bData = constantB is null && transB ? MatrixLayout.Transpose(b.Floats, 0, b.Dims[0], b.Dims[1]) : b.Floats;
            var bRows = constantB is null && transB ? b.Dims[1] : b.Dims[0];
            n = constantB is null && transB ? b.Dims[0] : b.Dims[1];
            CheckInner(k, bRows);
            product = new float[m * n];
            DenseMatrixMatrix.Multiply(aData, 0, bData, 0, product, 0, m, k, n, context.Path, context.Threads);
        }

        if (alpha != 1f)
        {
            for (var i = 0; i < product.Length; i++)
            {
                product[i] *= alpha;
            }
        }

        if (inputs.Length > 2 && inputs[2] is { } c)
        {
            AddBroadcastBias(product, m, n, c);
        }

        return [Tensor.FromArray(TensorElementType.Float32, [m, n], product)];
    }

    private void AddBroadcastBias(float[] product, int m, int n, Tensor c)
    {
        int[] target = [m, n];
        if (c.Rank > 2 || !ShapeMath.Broadcast(c.Dims, target, Name).SequenceEqual(target))
        {
            throw Invalid($"C has shape {ShapeMath.Format(c.Dims)}, which does not broadcast to [{m},{n}]");
        }

        var strides = ShapeMath.BroadcastStrides(c.Dims, target);
        var bias = c.Floats;
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                product[i * n + j] += beta * bias[i * strides[0] + j * strides[1]];
            }
        }
    }

    private void CheckInner(int k, int bRows)
    {
        if (k != bRows)
        {
            throw Invalid($"inner dimensions differ: op(A) has {k} columns, op(B) has {bRows} rows");
        }
    }
}
