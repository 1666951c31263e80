using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>BatchNormalization in inference mode: y = (x - mean) / sqrt(var + epsilon) * scale + bias per channel.</summary>
internal sealed class BatchNormalizationOperator : Operator
{
    private readonly float epsilon;
    private readonly (float[] Factor, float[] Shift)? constantAffine;

    public BatchNormalizationOperator(NodeContext context)
        : base(context)
    {
        // Opsets before 7 mark inference with is_test, opsets 7-8 may say spatial=1 explicitly; both describe
        // what this operator does anyway.
        context.RequireKnownAttributes("epsilon", "momentum", "training_mode", "is_test", "spatial");
        if (context.Int("spatial", 1) != 1 || context.Int("is_test", 1) != 1)
        {
            throw new NotSupportedException($"node {Name}: spatial=0 and is_test=0 (training) are not supported");
        }

        epsilon = context.Float("epsilon", 1e-5f);
        if (context.Int("training_mode", 0) != 0 || context.HasOutput(1) || context.HasOutput(2))
        {
            throw new NotSupportedException($"node {Name}: training mode (running statistics outputs) is not supported");
        }

        for (var i = 0; i < 5; i++)
        {
            context.RequireInputType(i, TensorElementType.Float32);
        }

        if (context.ConstantInput(1) is { } scale && context.ConstantInput(2) is { } bias
            && context.ConstantInput(3) is { } mean && context.ConstantInput(4) is { } variance)
        {
            constantAffine = Affine([null, scale, bias, mean, variance], scale.ElementCount);
        }
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        if (x.Rank < 2)
        {
            throw Invalid($"input has shape {ShapeMath.Format(x.Dims)}, needs [N, C, ...]");
        }

        var channels = x.Dims[1];
        var (factors, shifts) = constantAffine ?? Affine(inputs, channels);
        if (factors.Length != channels)
        {
            throw Invalid($"statistics have {factors.Length} channels, the input has {channels}");
        }

        var spatial = ShapeMath.Product(x.Dims.AsSpan(2));
        var source = x.Floats;
        var result = new float[source.Length];
        for (var c = 0; c < channels; c++)
        {
            var factor = factors[c];
            var shift = shifts[c];
            for (var n = 0; n < x.Dims[0]; n++)
            {
                var start = (n * channels + c) * spatial;
                for (var i = start; i < start + spatial; i++)
                {
                    result[i] = source[i] * factor + shift;
                }
            }
        }

        return [Tensor.FromArray(TensorElementType.Float32, x.Dims, result)];
    }

    /// <summary>Folds the four statistics into y = x * factor + shift per channel.</summary>
    private (float[] Factor, float[] Shift) Affine(Tensor?[] inputs, int channels)
    {
        var scale = Channel(inputs, 1, channels);
        var bias = Channel(inputs, 2, channels);
        var mean = Channel(inputs, 3, channels);
        var variance = Channel(inputs, 4, channels);
        var factors = new float[channels];
        var shifts = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            factors[c] = (float)(scale[c] / Math.Sqrt((double)variance[c] + epsilon));
            shifts[c] = (float)(bias[c] - (double)mean[c] * factors[c]);
        }

        return (factors, shifts);
    }

    private float[] Channel(Tensor?[] inputs, int index, int channels)
    {
        var t = Required(inputs, index);
        if (t.ElementCount != channels)
        {
            throw Invalid($"input {index} has {t.ElementCount} elements for {channels} channels");
        }

        return t.Floats;
    }
}
