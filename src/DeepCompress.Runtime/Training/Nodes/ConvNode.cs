using DeepCompress.Runtime.Kernels;

namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// 2-D Conv with strides, pads, dilations and groups, as one matrix product per image and group over the image's
/// patch matrix (im2col): Y_g[Mg, HoWo] = W_g[Mg, Kg] cols[Kg, HoWo]. Backward: dW_g += dY_g cols^T,
/// dcols = W_g^T dY_g scattered back onto dX (col2im), dB = dY summed over images and positions.
/// </summary>
internal sealed class ConvNode : TrainingNode
{
    private readonly GraphAttributes attributes;
    private readonly int groups;

    public ConvNode(string label, IReadOnlyList<string> inputs, string output, GraphAttributes attributes)
        : base(label, inputs, output)
    {
        attributes.RequireOnly("auto_pad", "dilations", "group", "kernel_shape", "pads", "strides");
        this.attributes = attributes;
        groups = (int)Math.Clamp(attributes.Int("group", 1), 0, int.MaxValue);
        if (groups < 1)
        {
            throw Bad("group must be at least 1");
        }
    }

    public override void Forward(TrainingPass pass)
    {
        var s = Shapes(pass);
        var w = In(pass, 1).Data;
        var y = new float[checked(s.N * s.M * s.OutH * s.OutW)];
        var positions = s.OutH * s.OutW;
        var cols = new float[s.Kg * positions];
        for (var n = 0; n < s.N; n++)
        {
            for (var g = 0; g < groups; g++)
            {
                Im2Col(In(pass, 0).Data, s, n, g, cols);
                DenseMatrixMatrix.Multiply(w, g * s.Mg * s.Kg, cols, 0, y, (n * s.M + g * s.Mg) * positions, s.Mg, s.Kg, positions, pass.Path, pass.Threads);
            }
        }

        if (Inputs.Count > 2)
        {
            var bias = In(pass, 2).Data;
            for (var i = 0; i < y.Length; i++)
            {
                y[i] += bias[i / positions % s.M];
            }
        }

        pass.SetValue(Output, new TrainingTensor(y, [s.N, s.M, s.OutH, s.OutW]));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var s = Shapes(pass);
        var x = In(pass, 0).Data;
        var w = In(pass, 1).Data;
        var positions = s.OutH * s.OutW;
        var dx = pass.GradientBuffer(Inputs[0]);
        var dw = pass.GradientBuffer(Inputs[1]);
        var cols = new float[s.Kg * positions];
        var dcols = new float[s.Kg * positions];
        var dwGroup = new float[s.Mg * s.Kg];
        var dyGroup = new float[s.Mg * positions];
        var transposedWeights = new float[groups][];
        for (var g = 0; g < groups; g++)
        {
            transposedWeights[g] = MatrixProducts.Transpose(w.AsSpan(g * s.Mg * s.Kg, s.Mg * s.Kg).ToArray(), s.Mg, s.Kg);
        }

        for (var n = 0; n < s.N; n++)
        {
            for (var g = 0; g < groups; g++)
            {
                Im2Col(x, s, n, g, cols);
                dy.AsSpan((n * s.M + g * s.Mg) * positions, s.Mg * positions).CopyTo(dyGroup);
                MatrixProducts.MultiplyTransposedB(dyGroup, cols, dwGroup, s.Mg, positions, s.Kg, pass.Path, pass.Threads);
                MatrixProducts.Accumulate(dw.AsSpan(g * s.Mg * s.Kg, s.Mg * s.Kg), dwGroup);
                MatrixProducts.Multiply(transposedWeights[g], dyGroup, dcols, s.Kg, s.Mg, positions, pass.Path, pass.Threads);
                Col2Im(dcols, s, n, g, dx);
            }
        }

        if (Inputs.Count > 2)
        {
            var db = pass.GradientBuffer(Inputs[2]);
            for (var i = 0; i < dy.Length; i++)
            {
                db[i / positions % s.M] += dy[i];
            }
        }
    }

    private ConvShapes Shapes(TrainingPass pass)
    {
        var x = In(pass, 0);
        var w = In(pass, 1);
        if (x.Rank != 4 || w.Rank != 4)
        {
            throw new NotSupportedException($"{Label}: input {x} and weight {w}: training supports 2-D convolution only");
        }

        var (n, c, h, wd) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]);
        var m = w.Shape[0];
        if (c % groups != 0 || m % groups != 0 || w.Shape[1] != c / groups)
        {
            throw Bad($"weight {w} does not fit {c} input channels in {groups} group(s)");
        }

        if (Inputs.Count > 2 && In(pass, 2).Data.Length != m)
        {
            throw Bad($"bias has {In(pass, 2).Data.Length} values for {m} output channels");
        }

        var geometry = ConvGeometry.Read(attributes, w.Shape[2], w.Shape[3]);
        var (outH, outW) = geometry.Output(h, wd, Label);
        var cg = c / groups;
        return new ConvShapes(n, c, h, wd, m, m / groups, cg, cg * geometry.KernelH * geometry.KernelW, outH, outW, geometry);
    }

    /// <summary>cols[(c * kh + i) * kw + j, oy * Wo + ox] = X[n, g * Cg + c, oy * sh - pt + i * dh, ox * sw - pl + j * dw], 0 in the padding.</summary>
    private static void Im2Col(float[] x, ConvShapes s, int n, int g, float[] cols)
    {
        var geo = s.Geometry;
        var positions = s.OutH * s.OutW;
        for (var c = 0; c < s.Cg; c++)
        {
            var plane = ((n * s.C) + (g * s.Cg) + c) * s.H * s.W;
            for (var i = 0; i < geo.KernelH; i++)
            {
                for (var j = 0; j < geo.KernelW; j++)
                {
                    var row = ((c * geo.KernelH + i) * geo.KernelW + j) * positions;
                    for (var oy = 0; oy < s.OutH; oy++)
                    {
                        var iy = oy * geo.StrideH - geo.PadTop + i * geo.DilationH;
                        for (var ox = 0; ox < s.OutW; ox++)
                        {
                            var ix = ox * geo.StrideW - geo.PadLeft + j * geo.DilationW;
                            cols[row + oy * s.OutW + ox] = iy >= 0 && iy < s.H && ix >= 0 && ix < s.W ? x[plane + iy * s.W + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds every patch-matrix entry back onto the input element it came from.</summary>
    private static void Col2Im(float[] cols, ConvShapes s, int n, int g, float[] dx)
    {
        var geo = s.Geometry;
        var positions = s.OutH * s.OutW;
        for (var c = 0; c < s.Cg; c++)
        {
            var plane = ((n * s.C) + (g * s.Cg) + c) * s.H * s.W;
            for (var i = 0; i < geo.KernelH; i++)
            {
                for (var j = 0; j < geo.KernelW; j++)
                {
                    var row = ((c * geo.KernelH + i) * geo.KernelW + j) * positions;
                    for (var oy = 0; oy < s.OutH; oy++)
                    {
                        var iy = oy * geo.StrideH - geo.PadTop + i * geo.DilationH;
                        if (iy < 0 || iy >= s.H)
                        {
                            continue;
                        }

                        for (var ox = 0; ox < s.OutW; ox++)
                        {
                            var ix = ox * geo.StrideW - geo.PadLeft + j * geo.DilationW;
                            if (ix >= 0 && ix < s.W)
                            {
                                dx[plane + iy * s.W + ix] += cols[row + oy * s.OutW + ox];
                            }
                        }
                    }
                }
            }
        }
    }

    private sealed record ConvShapes(int N, int C, int H, int W, int M, int Mg, int Cg, int Kg, int OutH, int OutW, ConvGeometry Geometry);
}
