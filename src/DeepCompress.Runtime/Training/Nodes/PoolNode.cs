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
        var y = new float[planes * outH * outW];
        Walk(planes, h, w, outH, outW, (output, plane, window) =>
        {
            var (best, sum, count) = (float.NegativeInfinity, 0f, 0);
            foreach (var index in window)
            {
                var v = x.Data[plane + index];
                best = Math.Max(best, v);
                sum += v;
                count++;
            }

            y[output] = max ? best : sum / Divisor(count);
        });
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
        Walk(planes, h, w, outH, outW, (output, plane, window) =>
        {
            if (max)
            {
                var (bestIndex, best) = (-1, float.NegativeInfinity);
                foreach (var index in window)
                {
                    if (bestIndex < 0 || x.Data[plane + index] > best)
                    {
                        (bestIndex, best) = (index, x.Data[plane + index]);
                    }
                }

                dx[plane + bestIndex] += dy[output];
                return;
            }

            var share = dy[output] / Divisor(window.Count);
            foreach (var index in window)
            {
                dx[plane + index] += share;
            }
        });
    }

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

    /// <summary>Calls <paramref name="visit"/> with each output's index, its plane's offset and the in-bounds input offsets of its window.</summary>
    private void Walk(int planes, int h, int w, int outH, int outW, Action<int, int, List<int>> visit)
    {
        var window = new List<int>(geometry.KernelH * geometry.KernelW);
        for (var p = 0; p < planes; p++)
        {
            for (var oy = 0; oy < outH; oy++)
            {
                for (var ox = 0; ox < outW; ox++)
                {
                    window.Clear();
                    for (var i = 0; i < geometry.KernelH; i++)
                    {
                        var iy = oy * geometry.StrideH - geometry.PadTop + i * geometry.DilationH;
                        for (var j = 0; j < geometry.KernelW; j++)
                        {
                            var ix = ox * geometry.StrideW - geometry.PadLeft + j * geometry.DilationW;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                            {
                                window.Add(iy * w + ix);
                            }
                        }
                    }

                    visit(((p * outH) + oy) * outW + ox, p * h * w, window);
                }
            }
        }
    }
}
