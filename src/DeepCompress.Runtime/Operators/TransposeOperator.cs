using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Transpose: permutes dimensions (reversed when perm is absent).</summary>
internal sealed class TransposeOperator : Operator
{
    private readonly long[]? permutation;

    public TransposeOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("perm");
        permutation = context.Ints("perm");
        OutputTypes = [context.InputType(0)];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var rank = x.Rank;
        var perm = new int[rank];
        if (permutation is null)
        {
            for (var i = 0; i < rank; i++)
            {
                perm[i] = rank - 1 - i;
            }
        }
        else
        {
            if (permutation.Length != rank)
            {
                throw Invalid($"perm has {permutation.Length} entries for a rank-{rank} input");
            }

            var seen = new bool[rank];
            for (var i = 0; i < rank; i++)
            {
                var p = ShapeMath.NormalizeAxis(permutation[i], rank, Name);
                if (seen[p])
                {
                    throw Invalid($"perm repeats axis {p}");
                }

                seen[p] = true;
                perm[i] = p;
            }
        }

        return [Permute(x, perm)];
    }

    /// <summary>Output dimension i is input dimension perm[i].</summary>
    public static Tensor Permute(Tensor x, int[] perm)
    {
        var rank = x.Rank;
        var outDims = new int[rank];
        var inStrides = ShapeMath.Strides(x.Dims);
        var strides = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            outDims[i] = x.Dims[perm[i]];
            strides[i] = inStrides[perm[i]];
        }

        var source = x.RawData;
        var result = Array.CreateInstance(source.GetType().GetElementType()!, source.Length);
        var zeros = new int[rank];
        BroadcastWalker.Walk(outDims, strides, zeros, (o, si, step, _, _, length) =>
        {
            // Array.Copy per element keeps one code path for every element type; transposes are not hot here.
            if (step == 1)
            {
                Array.Copy(source, si, result, o, length);
                return;
            }

            for (var i = 0; i < length; i++, si += step)
            {
                Array.Copy(source, si, result, o + i, 1);
            }
        });
        return Tensor.FromArray(x.ElementType, outDims, result);
    }
}
