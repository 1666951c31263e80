using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// ConvTranspose (1-D, 2-D, 3-D; groups, strides, pads, dilations, output_padding, output_shape, auto_pad) as the
/// transposed filter matrix [M/group * kernel, C/group] times the image [C/group, inputs], scattered back with col2im.
/// </summary>
internal sealed class ConvTransposeOperator : Operator
{
    private readonly int group;
    private readonly WindowAttributes window;
    private readonly long[]? outputPadding;
    private readonly long[]? outputShape;
    private readonly float[][]? constantFilterColumns;

    public ConvTransposeOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("auto_pad", "dilations", "group", "kernel_shape", "output_padding", "output_shape", "pads", "strides");
        var groupValue = context.Int("group", 1);
        if (groupValue < 1 || groupValue > int.MaxValue)
        {
            throw new InvalidDataException($"node {Name}: group {groupValue} is outside [1, {int.MaxValue}]");
        }

        group = (int)groupValue;
        window = WindowAttributes.Read(context, ceilMode: false);
        outputPadding = context.Ints("output_padding");
        outputShape = context.Ints("output_shape");
        for (var i = 0; i < 3; i++)
        {
            context.RequireInputType(i, TensorElementType.Float32);
        }

        if (context.ConstantInput(1) is { Rank: >= 3 } w && w.Dims[0] % group == 0)
        {
            constantFilterColumns = FilterColumns(w);
        }
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var w = Required(inputs, 1);
        var rank = x.Rank - 2;
        if (rank < 1 || w.Rank != x.Rank || x.Dims[1] != w.Dims[0] || w.Dims[0] % group != 0)
        {
            throw Invalid($"input {ShapeMath.Format(x.Dims)} and filters {ShapeMath.Format(w.Dims)} with group {group} do not match");
        }

        var batch = x.Dims[0];
        var channels = x.Dims[1];
        var groupChannels = channels / group;
        var groupFilters = w.Dims[1];
        var filters = groupFilters * group;
        var kernel = w.Dims[2..];
        var input = x.Dims[2..];
        var strides = SpatialGeometry.PerDimension(window.Strides, rank, 1, "strides", Name, 1);
        var dilations = SpatialGeometry.PerDimension(window.Dilations, rank, 1, "dilations", Name, 1);
        var extraEnd = SpatialGeometry.PerDimension(outputPadding, rank, 0, "output_padding", Name, 0);
        var (padBegin, output) = ResolvePadding(input, kernel, strides, dilations, extraEnd);

        var kernelCount = ShapeMath.Product(kernel);
        var spatialIn = ShapeMath.Product(input);
        var spatialOut = ShapeMath.Product(output);
        var columnsRows = groupFilters * kernelCount;
        var filterColumns = constantFilterColumns ?? FilterColumns(w);
        var columns = new float[columnsRows * spatialIn];
        var outDims = new int[x.Rank];
        outDims[0] = batch;
        outDims[1] = filters;
        output.CopyTo(outDims, 2);
        var y = new float[ShapeMath.ElementCount(outDims, Name)];
        for (var n = 0; n < batch; n++)
        {
            for (var g = 0; g < group; g++)
            {
                DenseMatrixMatrix.Multiply(filterColumns[g], 0, x.Floats, (n * channels + g * groupChannels) * spatialIn, columns, 0, columnsRows, groupChannels, spatialIn, context.Path, context.Threads);
                ScatterColumns(columns, y, (n * filters + g * groupFilters) * spatialOut, groupFilters, kernel, input, output, strides, dilations, padBegin);
            }
        }

        if (inputs.Length > 2 && inputs[2] is { } bias)
        {
            if (bias.ElementCount != filters)
            {
                throw Invalid($"bias has {bias.ElementCount} elements for {filters} filters");
            }

            for (var n = 0; n < batch; n++)
            {
                for (var m = 0; m < filters; m++)
                {
                    var start = (n * filters + m) * spatialOut;
                    for (var i = start; i < start + spatialOut; i++)
                    {
                        y[i] += bias.Floats[m];
                    }
                }
            }
        }

        return [Tensor.FromArray(TensorElementType.Float32, outDims, y)];
    }

    /// <summary>Per group, the [M/group * kernel, C/group] transpose of that group's filters W[C/group, M/group * kernel].</summary>
    private float[][] FilterColumns(Tensor w)
    {
        var groupChannels = w.Dims[0] / group;
        var rowLength = ShapeMath.Product(w.Dims.AsSpan(1));
        var result = new float[group][];
        for (var g = 0; g < group; g++)
        {
            result[g] = MatrixLayout.Transpose(w.Floats, g * groupChannels * rowLength, groupChannels, rowLength);
        }

        return result;
    }

    private (int[] PadBegin, int[] Output) ResolvePadding(int[] input, int[] kernel, int[] strides, int[] dilations, int[] extraEnd)
    {
        var rank = input.Length;
        var padBegin = new int[rank];
        var output = new int[rank];
        var explicitPads = SpatialGeometry.PerDimension(window.Pads, 2 * rank, 0, "pads", Name, 0);
        for (var i = 0; i < rank; i++)
        {
            var extent = (kernel[i] - 1) * dilations[i] + 1;
            var full = strides[i] * (input[i] - 1) + extraEnd[i] + extent;
            int? target = outputShape is { } shape
                ? (int)shape[shape.Length - rank + i]
                : window.AutoPad is "SAME_UPPER" or "SAME_LOWER" ? input[i] * strides[i] : null;
            if (target is { } size)
            {
                // ONNX's rule: the border cropped from the full output is split evenly, the odd element going to the end
                // for SAME_UPPER and to the beginning otherwise.
                // The spec's formula is Python: total // 2 floors, which matters when output_shape asks for more
                // than the full output and total is negative.
                var total = full - size;
                var half = (int)Math.Floor(total / 2.0);
                padBegin[i] = window.AutoPad == "SAME_UPPER" ? half : total - half;
                output[i] = size;
            }
            else
            {
                padBegin[i] = window.AutoPad == "VALID" ? 0 : explicitPads[i];
                var padEnd = window.AutoPad == "VALID" ? 0 : explicitPads[i + rank];
                output[i] = full - padBegin[i] - padEnd;
            }

            if (output[i] < 0)
            {
                throw Invalid($"output dimension {i} would be {output[i]}");
            }
        }

        return (padBegin, output);
    }

    /// <summary>col2im: adds column row (m, kernel offset) at input position s to output position s * stride - pad + offset * dilation.</summary>
    private static void ScatterColumns(float[] columns, float[] y, int yOffset, int filters, int[] kernel, int[] input, int[] output, int[] strides, int[] dilations, int[] padBegin)
    {
        var rank = input.Length;
        var kernelCount = ShapeMath.Product(kernel);
        var spatialIn = ShapeMath.Product(input);
        var spatialOut = ShapeMath.Product(output);
        var outStrides = ShapeMath.Strides(output);
        var kernelIndex = new int[rank];
        var inputIndex = new int[rank];
        for (var k = 0; k < kernelCount; k++)
        {
            Array.Clear(inputIndex);
            for (var s = 0; s < spatialIn; s++)
            {
                var target = 0;
                var inside = true;
                for (var d = 0; d < rank; d++)
                {
                    var coordinate = inputIndex[d] * strides[d] - padBegin[d] + kernelIndex[d] * dilations[d];
                    inside &= coordinate >= 0 && coordinate < output[d];
                    target += coordinate * outStrides[d];
                }

                if (inside)
                {
                    for (var m = 0; m < filters; m++)
                    {
                        y[yOffset + m * spatialOut + target] += columns[((m * kernelCount) + k) * spatialIn + s];
                    }
                }

                for (var d = rank - 1; d >= 0; d--)
                {
                    if (++inputIndex[d] < input[d])
                    {
                        break;
                    }

                    inputIndex[d] = 0;
                }
            }

            for (var d = rank - 1; d >= 0; d--)
            {
                if (++kernelIndex[d] < kernel[d])
                {
                    break;
                }

                kernelIndex[d] = 0;
            }
        }
    }
}
