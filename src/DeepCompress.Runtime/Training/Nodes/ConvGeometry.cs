namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>The 2-D window geometry shared by Conv and the pooling nodes: kernel, strides, dilations, pads, output size.</summary>
internal sealed record ConvGeometry(int KernelH, int KernelW, int StrideH, int StrideW, int DilationH, int DilationW, int PadTop, int PadLeft, int PadBottom, int PadRight)
{
    public static ConvGeometry Read(GraphAttributes attributes, int kernelH, int kernelW)
    {
        var autoPad = attributes.String("auto_pad", "NOTSET");
        if (autoPad is not ("NOTSET" or "VALID"))
        {
            throw new NotSupportedException($"{attributes.Label}: auto_pad {autoPad} is not supported in training; give explicit pads");
        }

        var strides = attributes.Ints("strides", 2, 1, 1);
        var dilations = attributes.Ints("dilations", 2, 1, 1);
        var pads = attributes.Ints("pads", 4, 0, 0);
        return new ConvGeometry(kernelH, kernelW, strides[0], strides[1], dilations[0], dilations[1], pads[0], pads[1], pads[2], pads[3]);
    }

    public (int Height, int Width) Output(int height, int width, string label)
    {
        var outH = ((height + PadTop + PadBottom - ((KernelH - 1) * DilationH + 1)) / StrideH) + 1;
        var outW = ((width + PadLeft + PadRight - ((KernelW - 1) * DilationW + 1)) / StrideW) + 1;
        if (outH < 1 || outW < 1)
        {
            throw new InvalidTrainingGraphException($"{label}: a {KernelH}x{KernelW} window does not fit the {height}x{width} input");
        }

        return (outH, outW);
    }
}
