namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// 2-D MaxPool and AveragePool (floor output size). Max routes each output's gradient to the first maximal input
/// of its window; average spreads it evenly over the window's elements (padding counted only with
/// count_include_pad = 1).
/// </summary>
internal sealed class PoolNode : TrainingNode
{
    private readonly bool max;
    private readonly bool countPadding;
    private readonly ConvGeometry geometry;

    public PoolNode(string label, IReadOnlyList<string> inputs, string output, GraphAttributes attributes, bool max)
        : base(label, inputs, output)
    {
        attributes.RequireOnly("auto_pad", "ceil_mode", "count_include_pad", "dilations", "kernel_shape", "pads", "strides", "storage_order");
        if (attributes.Int("ceil_mode", 0) != 0)
        {
            throw new NotSupportedException($"{label}: ceil_mode 1 is not supported in training");
        }

        var kernel = attributes.Ints("kernel_shape", 2, 0, 1);
        if (kernel[0] == 0)
        {
            throw Bad("kernel_shape is required and must have 2 values");
        }

        this.max = max;
        countPadding = attributes.Int("count_include_pad", 0) != 0;
        geometry = ConvGeometry.Read(attributes, kernel[0], kernel[1]);
    }

    public override void Forward(TrainingPass pass)
    {
        var x = In(pass, 0);
        var (planes, h, w, outH, outW) = Shapes(x);
        var y = pass.Allocate(planes * outH * outW);
        var data = x.Data;
        for (var p = 0; p < planes; p++)
        {
            var plane = p * h * w;
            for (var oy = 0; oy < outH; oy++)
            {
                for (var ox = 0; ox < outW; ox++)
                {
                    var (best, sum, count) = (float.NegativeInfinity, 0f, 0);
                    for (var i = 0; i < geometry.KernelH; i++)
                    {
                        var iy = oy * geometry.StrideH - geometry.PadTop + i * geometry.DilationH;
                        for (var j = 0; iy >= 0 && iy < h && j < geometry.KernelW; j++)
                        {
                            var ix = ox * geometry.StrideW - geometry.PadLeft + j * geometry.DilationW;
                            if (ix >= 0 && ix < w)
                            {
                                var v = data[plane + iy * w + ix];
                                best = Math.Max(best, v);
                                sum += v;
                                count++;
                            }
                        }
                    }

                    y[((p * outH) + oy) * outW + ox] = max ? best : sum / Divisor(count);
                }
            }
        }

        pass.SetValue(Output, new TrainingTensor(y, [x.Shape[0], x.Shape[1], outH, outW]));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var x = In(pass, 0);
        var dx = pass.GradientBuffer(Inputs[0]);
        var (planes, h, w, outH, outW) = Shapes(x);
        var data = x.Data;
        for (var p = 0; p < planes; p++)
        {
            var plane = p * h * w;
            for (var oy = 0; oy < outH; oy++)
            {
                for (var ox = 0; ox < outW; ox++)
                {
                    var output = ((p * outH) + oy) * outW + ox;
                    if (max)
                    {
                        dx[plane + FirstMaximum(data, plane, h, w, oy, ox)] += dy[output];
                    }
                    else
                    {
                        SpreadAverage(dx, plane, h, w, oy, ox, dy[output]);
                    }
                }
            }
        }
    }

    /// <summary>The in-plane offset of the first maximal input of output (oy, ox)'s window, in row-major window order.</summary>
    private int FirstMaximum(float[] data, int plane, int h, int w, int oy, int ox)
    {
        var (bestIndex, best) = (-1, float.NegativeInfinity);
        for (var i = 0; i < geometry.KernelH; i++)
        {
            var iy = oy * geometry.StrideH - geometry.PadTop + i * geometry.DilationH;
            for (var j = 0; iy >= 0 && iy < h && j < geometry.KernelW; j++)
            {
                var ix = ox * geometry.StrideW - geometry.PadLeft + j * geometry.DilationW;
                if (ix >= 0 && ix < w && (bestIndex < 0 || data[plane + iy * w + ix] > best))
                {
                    (bestIndex, best) = (iy * w + ix, data[plane + iy * w + ix]);
                }
            }
        }

        return bestIndex;
    }

    /// <summary>Adds an equal share of <paramref name="gradient"/> to every in-bounds input of output (oy, ox)'s window.</summary>
    private void SpreadAverage(float[] dx, int plane, int h, int w, int oy, int ox, float gradient)
    {
        var (rows, columns) = (0, 0);
        for (var i = 0; i < geometry.KernelH; i++)
        {
            rows += Inside(oy * geometry.StrideH - geometry.PadTop + i * geometry.DilationH, h) ? 1 : 0;
        }

        for (var j = 0; j < geometry.KernelW; j++)
        {
            columns += Inside(ox * geometry.StrideW - geometry.PadLeft + j * geometry.DilationW, w) ? 1 : 0;
        }

        var share = gradient / Divisor(rows * columns);
        for (var i = 0; i < geometry.KernelH; i++)
        {
            var iy = oy * geometry.StrideH - geometry.PadTop + i * geometry.DilationH;
            for (var j = 0; Inside(iy, h) && j < geometry.KernelW; j++)
            {
                var ix = ox * geometry.StrideW - geometry.PadLeft + j * geometry.DilationW;
                if (Inside(ix, w))
                {
                    dx[plane + iy * w + ix] += share;
                }
            }
        }
    }

    private static bool Inside(int index, int extent) => index >= 0 && index < extent;

    private float Divisor(int validCount) => countPadding ? geometry.KernelH * geometry.KernelW : validCount;

    private (int Planes, int H, int W, int OutH, int OutW) Shapes(TrainingTensor x)
    {
        if (x.Rank != 4)
        {
            throw new NotSupportedException($"{Label}: input {x}: training supports 2-D pooling only");
        }

        var (outH, outW) = geometry.Output(x.Shape[2], x.Shape[3], Label);
        return (x.Shape[0] * x.Shape[1], x.Shape[2], x.Shape[3], outH, outW);
    }
}
