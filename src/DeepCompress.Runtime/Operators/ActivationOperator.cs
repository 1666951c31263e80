using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Relu, LeakyRelu, Sigmoid and Tanh on float tensors.</summary>
internal sealed class ActivationOperator : Operator
{
    private readonly string opType;
    private readonly float alpha;

    public ActivationOperator(NodeContext context)
        : base(context)
    {
        opType = context.Node.OpType;
        if (opType == "LeakyRelu")
        {
            context.RequireKnownAttributes("alpha");
            alpha = context.Float("alpha", 0.01f);
        }
        else
        {
            context.RequireKnownAttributes();
        }

        context.RequireInputType(0, TensorElementType.Float32);
    }

    public override TensorElementType[] OutputTypes { get; } = [TensorElementType.Float32];

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var x = Required(inputs, 0);
        var source = x.Floats;
        var result = new float[source.Length];
        switch (opType)
        {
            case "Relu":
                for (var i = 0; i < source.Length; i++)
                {
                    // Written as a comparison so that NaN propagates like max(0, x) in ONNX's reference.
                    result[i] = source[i] < 0f ? 0f : source[i];
                }

                break;
            case "LeakyRelu":
                for (var i = 0; i < source.Length; i++)
                {
                    result[i] = source[i] < 0f ? alpha * source[i] : source[i];
                }

                break;
            case "Sigmoid":
                for (var i = 0; i < source.Length; i++)
                {
                    // exp of a large positive argument overflows to +inf and yields 0, the correct limit.
                    result[i] = source[i] >= 0f ? 1f / (1f + MathF.Exp(-source[i])) : MathF.Exp(source[i]) / (1f + MathF.Exp(source[i]));
                }

                break;
            default:
                for (var i = 0; i < source.Length; i++)
                {
                    result[i] = MathF.Tanh(source[i]);
                }

                break;
        }

        return [Tensor.FromArray(TensorElementType.Float32, x.Dims, result)];
    }
}
