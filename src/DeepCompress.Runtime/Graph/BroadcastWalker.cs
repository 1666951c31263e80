namespace DeepCompress.Runtime.Graph;

/// <summary>
/// Walks an output shape in row-major order for multidirectional broadcasting of two operands, handing out runs
/// along the last dimension so that the element loop stays tight.
/// </summary>
internal static class BroadcastWalker
{
    /// <summary>Called once per run: output start, a start, a step, b start, b step, run length.</summary>
    public delegate void RunAction(int outStart, int aStart, int aStep, int bStart, int bStep, int length);

    public static void Walk(int[] outDims, int[] aStrides, int[] bStrides, RunAction run)
    {
        var rank = outDims.Length;
        var total = ShapeMath.Product(outDims);
        if (total == 0)
        {
            return;
        }

        if (rank == 0)
        {
            run(0, 0, 0, 0, 0, 1);
            return;
        }

        var inner = outDims[rank - 1];
        var counter = new int[rank];
        var aIndex = 0;
        var bIndex = 0;
        for (var outStart = 0; outStart < total; outStart += inner)
        {
            run(outStart, aIndex, aStrides[rank - 1], bIndex, bStrides[rank - 1], inner);
            for (var d = rank - 2; d >= 0; d--)
            {
                counter[d]++;
                aIndex += aStrides[d];
                bIndex += bStrides[d];
                if (counter[d] < outDims[d])
                {
                    break;
                }

                aIndex -= aStrides[d] * outDims[d];
                bIndex -= bStrides[d] * outDims[d];
                counter[d] = 0;
            }
        }
    }
}
