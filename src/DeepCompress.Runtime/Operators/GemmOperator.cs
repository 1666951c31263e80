using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// Gemm: Y = alpha op(A) op(B) + beta C, C broadcast to [M, N]. A constant dense B stored transposed is
/// transposed once at creation; a compressed B becomes a code matrix at creation. A constant C that is one row of
/// N (the usual bias) is scaled by beta once, and with a Relu fused by the plan (<see cref="FuseRelu"/>) is applied
/// per output as the batch-1 kernel stores it.
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

    // beta C when C is a constant row of N and alpha is 1 (so nothing comes between the product and the bias).
    private readonly float[]? rowBias;
    private readonly bool hasC;

    // Bias and Relu after the product, or null for neither.
    private BiasActivation? epilogue;

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

        hasC = context.Node.Input.Count > 2 && context.Node.Input[2].Length > 0;
        var n = sparse?.OutputSize ?? constantB?.Dims[1];
        if (alpha == 1f && context.ConstantInput(2) is { } c && n is { } outputs && IsRowOf(c, outputs))
        {
            rowBias = c.Floats.Select(v => beta * v).ToArray();
        }

        epilogue = rowBias is null ? null : new BiasActivation(rowBias, relu: false);
    }

    /// <summary>Makes this node also apply Relu to its output (the plan removes the Relu node that read it alone).</summary>
    public void FuseRelu()
    {
        epilogue = new BiasActivation(rowBias, relu: true);
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
        // The kernel may apply the epilogue itself only when it is all that follows the product.
        var epilogueInKernel = sparse is not null && alpha == 1f && (rowBias is not null || !hasC);
        if (sparse is not null)
        {
            CheckInner(k, sparse.InputSize);
            n = sparse.OutputSize;
            product = sparse.Apply(aData, 0, m, context, epilogueInKernel ? epilogue : null);
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

        if (!epilogueInKernel)
        {
            if (alpha != 1f)
            {
                for (var i = 0; i < product.Length; i++)
                {
                    product[i] *= alpha;
                }
            }

            if (rowBias is null && inputs.Length > 2 && inputs[2] is { } c)
            {
                AddBroadcastBias(product, m, n, c);
            }

            epilogue?.ApplyRows(product, m, n);
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

    private static bool IsRowOf(Tensor c, int n) => c.Rank switch
    {
        1 => c.Dims[0] == n,
        2 => c.Dims[0] == 1 && c.Dims[1] == n,
        _ => false,
    };

    private void CheckInner(int k, int bRows)
    {
        if (k != bRows)
        {
            throw Invalid($"inner dimensions differ: op(A) has {k} columns, op(B) has {bRows} rows");
        }
    }
}
