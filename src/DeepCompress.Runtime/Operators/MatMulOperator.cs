using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Operators;

/// <summary>MatMul with numpy semantics: 1-D operands are promoted, batch dimensions broadcast.</summary>
internal sealed class MatMulOperator : Operator
{
    private readonly SparseLinear? sparse;

    public MatMulOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes();
        context.RequireInputType(0, TensorElementType.Float32);
        context.RequireInputType(1, TensorElementType.Float32);
        if (context.SparseInput(1) is { } weight)
        {
            sparse = new SparseLinear(weight, storedAsOutputsByInputs: false, Name);
        }
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var a = Required(inputs, 0);
        if (sparse is not null)
        {
            return [ApplySparse(a, context)];
        }

        var b = Required(inputs, 1);
        if (a.Rank == 0 || b.Rank == 0)
        {
            throw Invalid("MatMul operands must have rank at least 1");
        }

        var aDims = a.Rank == 1 ? [1, a.Dims[0]] : a.Dims;
        var bDims = b.Rank == 1 ? [b.Dims[0], 1] : b.Dims;
        var m = aDims[^2];
        var k = aDims[^1];
        var n = bDims[^1];
        if (bDims[^2] != k)
        {
            throw Invalid($"inner dimensions differ: {ShapeMath.Format(a.Dims)} x {ShapeMath.Format(b.Dims)}");
        }

        var aBatch = aDims[..^2];
        var bBatch = bDims[..^2];
        var batch = ShapeMath.Broadcast(aBatch, bBatch, Name);
        var aStrides = ShapeMath.BroadcastStrides(aBatch, batch);
        var bStrides = ShapeMath.BroadcastStrides(bBatch, batch);
        var batchCount = ShapeMath.Product(batch);
        var result = new float[ShapeMath.ElementCount([batchCount, m, n], Name)];
        var index = new int[batch.Length];
        for (var i = 0; i < batchCount; i++)
        {
            int aMatrix = 0, bMatrix = 0;
            for (var d = 0; d < batch.Length; d++)
            {
                aMatrix += index[d] * aStrides[d];
                bMatrix += index[d] * bStrides[d];
            }

            DenseMatrixMatrix.Multiply(a.Floats, aMatrix * m * k, b.Floats, bMatrix * k * n, result, i * m * n, m, k, n, context.Path, context.Threads);
            for (var d = batch.Length - 1; d >= 0; d--)
            {
                if (++index[d] < batch[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        var outDims = new List<int>(batch);
        if (a.Rank > 1)
        {
            outDims.Add(m);
        }

        if (b.Rank > 1)
        {
            outDims.Add(n);
        }

        return [Tensor.FromArray(TensorElementType.Float32, outDims.ToArray(), result)];
    }

    private Tensor ApplySparse(Tensor a, RunSettings context)
    {
        if (a.Rank == 0 || a.Dims[^1] != sparse!.InputSize)
        {
            throw Invalid($"input shape {ShapeMath.Format(a.Dims)} does not end in the weight's {sparse!.InputSize} inputs");
        }

        var m = ShapeMath.Product(a.Dims.AsSpan(0, a.Rank - 1));
        var y = sparse.Apply(a.Floats, 0, m, context);
        var outDims = a.Dims.ToArray();
        outDims[^1] = sparse.OutputSize;
        return Tensor.FromArray(TensorElementType.Float32, outDims, y);
    }
}
