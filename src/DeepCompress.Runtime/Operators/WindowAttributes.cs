using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>The window attributes of a Conv or pooling node as written (null when absent).</summary>
internal sealed record WindowAttributes(string AutoPad, long[]? Kernel, long[]? Strides, long[]? Dilations, long[]? Pads, bool CeilMode)
{
    public static WindowAttributes Read(NodeContext context, bool ceilMode)
    {
        var autoPad = context.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID" or "SAME_UPPER" or "SAME_LOWER"))
        {
            throw new InvalidDataException($"node {context.Name}: auto_pad '{autoPad}' is not NOTSET, VALID, SAME_UPPER or SAME_LOWER");
        }

        return new WindowAttributes(autoPad, context.Ints("kernel_shape"), context.Ints("strides"), context.Ints("dilations"), context.Ints("pads"), ceilMode);
    }
}
