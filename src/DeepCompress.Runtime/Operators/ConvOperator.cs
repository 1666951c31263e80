using System.Buffers;
using DeepCompress.Runtime.Graph;
using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Operators;

/// <summary>
/// Conv (1-D, 2-D, 3-D; groups, strides, pads, dilations, auto_pad) as im2col followed by the filter matrix
/// [M/group, C/group * kernel] times the patch matrix, through the sparse kernel when the filters are compressed.
/// </summary>
internal sealed class ConvOperator : Operator
{
    private readonly int group;
    private readonly WindowAttributes window;
    private readonly SparseCodeMatrix? sparse;
    private readonly int[]? sparseShape;

    public ConvOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        var groupValue = context.Int("group", 1);
        if (groupValue < 1 || groupValue > int.MaxValue)
        {
            throw new InvalidDataException($"node {Name}: group {groupValue} is outside [1, {int.MaxValue}]");
        }

        group = (int)groupValue;
        window = WindowAttributes.Read(context, ceilMode: false);
        for (var i = 0; i < 3; i++)
        {
            context.RequireInputType(i, TensorElementType.Float32);
        }

        if (context.SparseInput(1) is { } weight)
        {
            if (weight.Shape.Length < 3)
            {
                throw new InvalidDataException($"node {Name}: compressed filters have shape {ShapeMath.Format(weight.Shape)}, need [M, C/group, k...]");
            }

            sparseShape = weight.Shape;
            sparse = SparseCodeMatrix.FromTensor(weight, weight.Shape[0], ShapeMath.Product(weight.Shape.AsSpan(1)), false, $"node {Name} compressed filters");
        }
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var dense = sparse is null ? Required(inputs, 1) : null;
        var wDims = sparseShape ?? dense!.Dims;
        var spatialRank = x.Rank - 2;
        if (spatialRank < 1 || wDims.Length != x.Rank)
        {
            throw Invalid($"input {ShapeMath.Format(x.Dims)} and filters {ShapeMath.Format(wDims)} need equal rank of at least 3");
        }

        var batch = x.Dims[0];
        var channels = x.Dims[1];
        var filters = wDims[0];
        var groupChannels = wDims[1];
        if (channels != groupChannels * group || filters % group != 0)
        {
            throw Invalid($"input has {channels} channels and filters {ShapeMath.Format(wDims)} with group {group}: C must equal group * W[1] and M divide by group");
        }

        var kernel = wDims[2..];
        if (window.Kernel is { } declared && !declared.Select(v => (long)v).SequenceEqual(kernel.Select(v => (long)v)))
        {
            throw Invalid($"kernel_shape [{string.Join(",", declared)}] differs from the filters' {ShapeMath.Format(kernel)}");
        }

        var g = SpatialGeometry.Resolve(window, x.Dims[2..], kernel, Name);
        var spatialIn = ShapeMath.Product(g.Input);
        var spatialOut = ShapeMath.Product(g.Output);
        var patchRows = groupChannels * ShapeMath.Product(kernel);
        var groupFilters = filters / group;
        var outDims = new int[x.Rank];
        outDims[0] = batch;
        outDims[1] = filters;
        g.Output.CopyTo(outDims, 2);
        var y = new float[ShapeMath.ElementCount(outDims, Name)];
        // A 1x1 kernel with unit strides and no padding reads the image as its own patch matrix.
        var pointwise = kernel.All(k => k == 1) && g.Strides.All(s => s == 1) && g.PadBegin.All(p => p == 0) && g.PadEnd.All(p => p == 0);
        // The patch matrix is scratch that Fill overwrites whole: rented rather than allocated, so a call allocates only
        // its output (LeNet-5's were fresh arrays of up to 128 KB each call, on the large object heap).
        var patches = pointwise ? null : ArrayPool<float>.Shared.Rent(ShapeMath.ElementCount([patchRows, spatialOut], Name));
        try
        {
            for (var n = 0; n < batch; n++)
            {
                for (var gi = 0; gi < group; gi++)
                {
                    var imageOffset = (n * channels + gi * groupChannels) * spatialIn;
                    var source = x.Floats;
                    var sourceOffset = imageOffset;
                    if (patches is not null)
                    {
                        PatchMatrix.Fill(x.Floats, imageOffset, groupChannels, g, patches);
                        source = patches;
                        sourceOffset = 0;
                    }

                    var yOffset = (n * filters + gi * groupFilters) * spatialOut;
                    if (sparse is not null)
                    {
                        SparseMatrixMatrix.Multiply(sparse, gi * groupFilters, (gi + 1) * groupFilters, source, sourceOffset, spatialOut, y, yOffset, context.Path, context.Threads);
                    }
                    else
                    {
                        DenseMatrixMatrix.Multiply(dense!.Floats, gi * groupFilters * patchRows, source, sourceOffset, y, yOffset, groupFilters, patchRows, spatialOut, context.Path, context.Threads);
                    }
                }
            }
        }
        finally
        {
            if (patches is not null)
            {
                ArrayPool<float>.Shared.Return(patches);
            }
        }

        if (inputs.Length > 2 && inputs[2] is { } bias)
        {
            if (bias.ElementCount != filters)
            {
                throw Invalid($"bias has {bias.ElementCount} elements for {filters} filters");
            }

            var b = bias.Floats;
            for (var n = 0; n < batch; n++)
            {
                for (var m = 0; m < filters; m++)
                {
                    var start = (n * filters + m) * spatialOut;
                    for (var i = start; i < start + spatialOut; i++)
                    {
                        y[i] += b[m];
                    }
                }
            }
        }

        return [Tensor.FromArray(TensorElementType.Float32, outDims, y)];
    }
}
