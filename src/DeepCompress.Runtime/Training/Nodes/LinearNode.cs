using System.Numerics.Tensors;

namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// Gemm (Y = alpha A op(B) + beta C, transA = 0) and MatMul with a 2-D right operand (A's leading dimensions are
/// rows). The bias C broadcasts from [N], [1, N] or [M, N].
/// </summary>
internal sealed class LinearNode : TrainingNode
{
    private readonly float alpha;
    private readonly float beta;
    private readonly bool transB;

    public LinearNode(string label, IReadOnlyList<string> inputs, string output, float alpha, float beta, bool transB)
        : base(label, inputs, output)
    {
        this.alpha = alpha;
        this.beta = beta;
        this.transB = transB;
    }

    public override void Forward(TrainingPass pass)
    {
        var (a, b, m, k, n) = Operands(pass);
        var y = pass.Allocate(checked(m * n));
        if (transB)
        {
            MatrixProducts.MultiplyTransposedB(a.Data, b.Data, y, m, k, n, pass.Allocate(n * k), pass.Path, pass.Threads);
        }
        else
        {
            MatrixProducts.Multiply(a.Data, b.Data, y, m, k, n, pass.Path, pass.Threads);
        }

        if (alpha != 1f)
        {
            TensorPrimitives.Multiply(y, alpha, y);
        }

        if (Inputs.Count > 2)
        {
            var c = In(pass, 2).Data;
            var perRow = BiasPerRow(c.Length, m, n);
            for (var i = 0; i < y.Length; i++)
            {
                y[i] += beta * c[perRow ? i : i % n];
            }
        }

        int[] shape = a.Rank == 2 || transB ? [m, n] : [.. a.Shape[..^1], n];
        pass.SetValue(Output, new TrainingTensor(y, shape));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var (a, b, m, k, n) = Operands(pass);
        var scaled = dy;
        if (alpha != 1f)
        {
            scaled = pass.Allocate(dy.Length);
            TensorPrimitives.Multiply(dy, alpha, scaled);
        }

        if (pass.NeedsGradient(Inputs[0]))
        {
            var da = pass.Allocate(m * k);
            if (transB)
            {
                MatrixProducts.Multiply(scaled, b.Data, da, m, n, k, pass.Path, pass.Threads);
            }
            else
            {
                MatrixProducts.MultiplyTransposedB(scaled, b.Data, da, m, n, k, pass.Allocate(k * n), pass.Path, pass.Threads);
            }

            MatrixProducts.Accumulate(pass.GradientBuffer(Inputs[0]), da);
        }

        var db = pass.Allocate(k * n);
        if (transB)
        {
            MatrixProducts.MultiplyTransposedA(scaled, a.Data, db, n, m, k, pass.Allocate(m * n), pass.Path, pass.Threads);
        }
        else
        {
            MatrixProducts.MultiplyTransposedA(a.Data, scaled, db, k, m, n, pass.Allocate(m * k), pass.Path, pass.Threads);
        }

        MatrixProducts.Accumulate(pass.GradientBuffer(Inputs[1]), db);
        if (Inputs.Count > 2)
        {
            var dc = pass.GradientBuffer(Inputs[2]);
            var perRow = BiasPerRow(dc.Length, m, n);
            for (var i = 0; i < dy.Length; i++)
            {
                dc[perRow ? i : i % n] += beta * dy[i];
            }
        }
    }

    private (TrainingTensor A, TrainingTensor B, int M, int K, int N) Operands(TrainingPass pass)
    {
        var a = In(pass, 0);
        var b = In(pass, 1);
        if (a.Rank < 2 || b.Rank != 2 || (transB && a.Rank != 2))
        {
            throw new NotSupportedException($"{Label}: operands {a} and {b}: training supports a 2-D right operand (and a 2-D left one for Gemm)");
        }

        var k = a.Shape[^1];
        var m = a.Data.Length / Math.Max(k, 1);
        var (bRows, bColumns) = (b.Shape[0], b.Shape[1]);
        var (bk, n) = transB ? (bColumns, bRows) : (bRows, bColumns);
        if (bk != k)
        {
            throw Bad($"operands {a} and {b}{(transB ? " (transposed)" : string.Empty)} do not multiply: {k} columns against {bk} rows");
        }

        return (a, b, m, k, n);
    }

    private bool BiasPerRow(int length, int m, int n)
    {
        if (length == n)
        {
            return false;
        }

        if (length == m * n)
        {
            return true;
        }

        throw Bad($"bias of {length} values broadcasts to neither [{n}] nor [{m}, {n}]");
    }
}
