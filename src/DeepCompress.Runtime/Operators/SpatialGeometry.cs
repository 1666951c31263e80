using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// Window geometry shared by Conv and the pooling operators: kernel, strides, dilations and the resolved
/// begin/end padding of each spatial dimension, plus the output size they produce.
/// </summary>
internal sealed class SpatialGeometry
{
    private SpatialGeometry(int[] input, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd, int[] output)
    {
        Input = input;
        Kernel = kernel;
        Strides = strides;
        Dilations = dilations;
        PadBegin = padBegin;
        PadEnd = padEnd;
        Output = output;
    }

    public int[] Input { get; }

    public int[] Kernel { get; }

    public int[] Strides { get; }

    public int[] Dilations { get; }

    public int[] PadBegin { get; }

    public int[] PadEnd { get; }

    public int[] Output { get; }

    public static SpatialGeometry Resolve(WindowAttributes attributes, int[] input, int[] kernel, string node)
    {
        var rank = input.Length;
        var strides = PerDimension(attributes.Strides, rank, 1, "strides", node, 1);
        var dilations = PerDimension(attributes.Dilations, rank, 1, "dilations", node, 1);
        var padBegin = new int[rank];
        var padEnd = new int[rank];
        if (attributes.Pads is { } pads)
        {
            if (pads.Length != 2 * rank)
            {
                throw new InvalidDataException($"node {node}: pads has {pads.Length} values, needs {2 * rank}");
            }

            for (var i = 0; i < rank; i++)
            {
                padBegin[i] = CheckedDimension(pads[i], "pads", node, 0);
                padEnd[i] = CheckedDimension(pads[i + rank], "pads", node, 0);
            }
        }

        var output = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            if (kernel[i] < 1)
            {
                throw new InvalidDataException($"node {node}: kernel dimension {i} is {kernel[i]}, must be at least 1");
            }

            var extent = (long)(kernel[i] - 1) * dilations[i] + 1;
            switch (attributes.AutoPad)
            {
                case "VALID":
                    padBegin[i] = padEnd[i] = 0;
                    output[i] = (int)Math.Max(0, (input[i] - extent + strides[i]) / strides[i]);
                    break;
                case "SAME_UPPER":
                case "SAME_LOWER":
                {
                    output[i] = (int)(((long)input[i] + strides[i] - 1) / strides[i]);
                    var total = (int)Math.Max(0, (long)(output[i] - 1) * strides[i] + extent - input[i]);
                    // SAME_UPPER puts the odd padding element at the end, SAME_LOWER at the beginning.
                    padBegin[i] = attributes.AutoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                    padEnd[i] = total - padBegin[i];
                    break;
                }

                default:
                {
                    var span = (long)input[i] + padBegin[i] + padEnd[i] - extent;
                    if (span < 0)
                    {
                        throw new InvalidDataException($"node {node}: kernel extent {extent} exceeds padded input {input[i] + padBegin[i] + padEnd[i]} in dimension {i}");
                    }

                    var steps = attributes.CeilMode ? (span + strides[i] - 1) / strides[i] : span / strides[i];
                    // In ceil mode a last window that would start inside the end padding is dropped.
                    if (attributes.CeilMode && steps * strides[i] >= input[i] + padBegin[i])
                    {
                        steps--;
                    }

                    output[i] = (int)(steps + 1);
                    break;
                }
            }
        }

        return new SpatialGeometry(input, kernel, strides, dilations, padBegin, padEnd, output);
    }

    public static int[] PerDimension(long[]? values, int rank, int defaultValue, string attribute, string node, int minimum)
    {
        if (values is null)
        {
            return Enumerable.Repeat(defaultValue, rank).ToArray();
        }

        if (values.Length != rank)
        {
            throw new InvalidDataException($"node {node}: {attribute} has {values.Length} values for {rank} spatial dimensions");
        }

        return values.Select(v => CheckedDimension(v, attribute, node, minimum)).ToArray();
    }

    private static int CheckedDimension(long value, string attribute, string node, int minimum)
    {
        const int limit = 1 << 24;
        if (value < minimum || value > limit)
        {
            throw new InvalidDataException($"node {node}: {attribute} value {value} is outside [{minimum}, {limit}]");
        }

        return (int)value;
    }
}
