using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>MaxPool and AveragePool over 1-D, 2-D or 3-D windows with pads, strides, dilations and ceil mode.</summary>
internal sealed class PoolOperator : Operator
{
    private readonly bool isMax;
    private readonly bool countIncludePad;
    private readonly WindowAttributes window;

    public PoolOperator(NodeContext context)
        : base(context)
    {
        isMax = context.Node.OpType == "MaxPool";
        if (isMax)
        {
            context.RequireKnownAttributes("auto_pad", "ceil_mode", "dilations", "kernel_shape", "pads", "storage_order", "strides");
            if (context.HasOutput(1))
            {
                throw new NotSupportedException($"node {Name}: the Indices output of MaxPool is not supported");
            }
        }
        else
        {
            context.RequireKnownAttributes("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides");
            countIncludePad = context.Int("count_include_pad", 0) != 0;
        }

        window = WindowAttributes.Read(context, context.Int("ceil_mode", 0) != 0);
        if (window.Kernel is null)
        {
            throw new InvalidDataException($"node {Name}: required attribute kernel_shape is missing");
        }

        context.RequireInputType(0, TensorElementType.Float32);
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var rank = x.Rank - 2;
        if (rank < 1 || window.Kernel!.Length != rank)
        {
            throw Invalid($"input shape {ShapeMath.Format(x.Dims)} does not match a {window.Kernel!.Length}-D kernel");
        }

        var kernel = SpatialGeometry.PerDimension(window.Kernel, rank, 1, "kernel_shape", Name, 1);
        var g = SpatialGeometry.Resolve(window, x.Dims[2..], kernel, Name);
        var outDims = new int[x.Rank];
        outDims[0] = x.Dims[0];
        outDims[1] = x.Dims[1];
        g.Output.CopyTo(outDims, 2);
        var planes = x.Dims[0] * x.Dims[1];
        var spatialIn = ShapeMath.Product(g.Input);
        var spatialOut = ShapeMath.Product(g.Output);
        var kernelCount = ShapeMath.Product(kernel);
        var inStrides = ShapeMath.Strides(g.Input);
        var source = x.Floats;
        var result = new float[planes * spatialOut];
        var outIndex = new int[rank];
        var kernelIndex = new int[rank];
        for (var o = 0; o < spatialOut; o++)
        {
            Unravel(o, g.Output, outIndex);
            // Collect the in-bounds window elements once, then reduce every plane over them.
            var offsets = new List<int>(kernelCount);
            var padded = 0;
            for (var k = 0; k < kernelCount; k++)
            {
                Unravel(k, kernel, kernelIndex);
                var inside = true;
                var inPaddedRange = true;
                var offset = 0;
                for (var d = 0; d < rank; d++)
                {
                    var coordinate = outIndex[d] * g.Strides[d] - g.PadBegin[d] + kernelIndex[d] * g.Dilations[d];
                    inside &= coordinate >= 0 && coordinate < g.Input[d];
                    inPaddedRange &= coordinate >= -g.PadBegin[d] && coordinate < g.Input[d] + g.PadEnd[d];
                    offset += coordinate * inStrides[d];
                }

                if (inside)
                {
                    offsets.Add(offset);
                }

                if (inPaddedRange)
                {
                    padded++;
                }
            }

            var divisor = countIncludePad ? padded : offsets.Count;
            for (var p = 0; p < planes; p++)
            {
                var baseIndex = p * spatialIn;
                if (isMax)
                {
                    var max = float.NegativeInfinity;
                    foreach (var offset in offsets)
                    {
                        max = Math.Max(max, source[baseIndex + offset]);
                    }

                    result[p * spatialOut + o] = max;
                }
                else
                {
                    double sum = 0;
                    foreach (var offset in offsets)
                    {
                        sum += source[baseIndex + offset];
                    }

                    result[p * spatialOut + o] = divisor == 0 ? 0f : (float)(sum / divisor);
                }
            }
        }

        return [Tensor.FromArray(TensorElementType.Float32, outDims, result)];
    }

    private static void Unravel(int index, int[] dims, int[] coordinates)
    {
        for (var d = dims.Length - 1; d >= 0; d--)
        {
            coordinates[d] = index % dims[d];
            index /= dims[d];
        }
    }
}
