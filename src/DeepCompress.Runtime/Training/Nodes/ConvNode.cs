using System.Numerics.Tensors;
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
    // Per-image work buffers, kept between steps (one pass runs at a time).
    private float[]? patches;
    private float[]? patchGradients;
    private float[]? weightGradient;

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
        var x = In(pass, 0).Data;
        var w = In(pass, 1).Data;
        var positions = s.OutH * s.OutW;
        var y = pass.Allocate(checked(s.N * s.M * positions));
        var cols = Scratch.Of(ref patches, s.Kg * positions);
        for (var n = 0; n < s.N; n++)
        {
            for (var g = 0; g < groups; g++)
            {
                Im2Col(x, s, n, g, cols);
                DenseMatrixMatrix.Multiply(w, g * s.Mg * s.Kg, cols, 0, y, (n * s.M + g * s.Mg) * positions, s.Mg, s.Kg, positions, pass.Path, pass.Threads);
            }
        }

        if (Inputs.Count > 2)
        {
            var bias = In(pass, 2).Data;
            for (var plane = 0; plane < s.N * s.M; plane++)
            {
                var values = y.AsSpan(plane * positions, positions);
                TensorPrimitives.Add(values, bias[plane % s.M], values);
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
        var dx = pass.NeedsGradient(Inputs[0]) ? pass.GradientBuffer(Inputs[0]) : null;
        var dw = pass.GradientBuffer(Inputs[1]);
        // The patch matrix is built transposed ([positions, Kg], one patch per row) so that dW_g = dY_g patches^T
        // is a plain product; dY_g is read in place.
        var rows = Scratch.Of(ref patches, s.Kg * positions);
        var dcols = Scratch.Of(ref patchGradients, s.Kg * positions);
        var dwGroup = Scratch.Of(ref weightGradient, s.Mg * s.Kg);
        var transposedWeights = new float[groups][];
        for (var g = 0; g < groups; g++)
        {
            transposedWeights[g] = MatrixProducts.Transpose(w.AsSpan(g * s.Mg * s.Kg, s.Mg * s.Kg), s.Mg, s.Kg, pass.Allocate(s.Mg * s.Kg));
        }

        for (var n = 0; n < s.N; n++)
        {
            for (var g = 0; g < groups; g++)
            {
                var dyOffset = (n * s.M + g * s.Mg) * positions;
                Im2Row(x, s, n, g, rows);
                DenseMatrixMatrix.Multiply(dy, dyOffset, rows, 0, dwGroup, 0, s.Mg, positions, s.Kg, pass.Path, pass.Threads);
                MatrixProducts.Accumulate(dw.AsSpan(g * s.Mg * s.Kg, s.Mg * s.Kg), dwGroup);
                if (dx is not null)
                {
                    DenseMatrixMatrix.Multiply(transposedWeights[g], 0, dy, dyOffset, dcols, 0, s.Kg, s.Mg, positions, pass.Path, pass.Threads);
                    Col2Im(dcols, s, n, g, dx);
                }
            }
        }

        if (Inputs.Count > 2)
        {
            var db = pass.GradientBuffer(Inputs[2]);
            // One add at a time, in element order: a vector sum would round differently from earlier releases.
            for (var plane = 0; plane < s.N * s.M; plane++)
            {
                ref var sum = ref db[plane % s.M];
                foreach (var value in dy.AsSpan(plane * positions, positions))
                {
                    sum += value;
                }
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
                    var (first, end) = InsideColumns(geo, s, j);
                    for (var oy = 0; oy < s.OutH; oy++)
                    {
                        var iy = oy * geo.StrideH - geo.PadTop + i * geo.DilationH;
                        var target = cols.AsSpan(row + oy * s.OutW, s.OutW);
                        if (iy < 0 || iy >= s.H || first >= end)
                        {
                            target.Clear();
                            continue;
                        }

                        target[..first].Clear();
                        target[end..].Clear();
                        var source = plane + iy * s.W - geo.PadLeft + j * geo.DilationW;
                        if (geo.StrideW == 1)
                        {
                            x.AsSpan(source + first, end - first).CopyTo(target[first..end]);
                            continue;
                        }

                        for (var ox = first; ox < end; ox++)
                        {
                            target[ox] = x[source + ox * geo.StrideW];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The transpose of <see cref="Im2Col"/>'s matrix: rows[oy * Wo + ox, (c * kh + i) * kw + j], one patch per row.</summary>
    private static void Im2Row(float[] x, ConvShapes s, int n, int g, float[] rows)
    {
        var geo = s.Geometry;
        var kernel = geo.KernelH * geo.KernelW;
        for (var oy = 0; oy < s.OutH; oy++)
        {
            for (var ox = 0; ox < s.OutW; ox++)
            {
                var patch = rows.AsSpan((oy * s.OutW + ox) * s.Kg, s.Kg);
                for (var c = 0; c < s.Cg; c++)
                {
                    var plane = ((n * s.C) + (g * s.Cg) + c) * s.H * s.W;
                    for (var i = 0; i < geo.KernelH; i++)
                    {
                        var iy = oy * geo.StrideH - geo.PadTop + i * geo.DilationH;
                        var target = patch.Slice(c * kernel + i * geo.KernelW, geo.KernelW);
                        if (iy < 0 || iy >= s.H)
                        {
                            target.Clear();
                            continue;
                        }

                        var line = plane + iy * s.W;
                        for (var j = 0; j < geo.KernelW; j++)
                        {
                            var ix = ox * geo.StrideW - geo.PadLeft + j * geo.DilationW;
                            target[j] = ix >= 0 && ix < s.W ? x[line + ix] : 0f;
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
                    var (first, end) = InsideColumns(geo, s, j);
                    if (first >= end)
                    {
                        continue;
                    }

                    for (var oy = 0; oy < s.OutH; oy++)
                    {
                        var iy = oy * geo.StrideH - geo.PadTop + i * geo.DilationH;
                        if (iy < 0 || iy >= s.H)
                        {
                            continue;
                        }

                        var source = cols.AsSpan(row + oy * s.OutW + first, end - first);
                        var target = plane + iy * s.W - geo.PadLeft + j * geo.DilationW;
                        if (geo.StrideW == 1)
                        {
                            var span = dx.AsSpan(target + first, end - first);
                            TensorPrimitives.Add(span, source, span);
                            continue;
                        }

                        for (var ox = first; ox < end; ox++)
                        {
                            dx[target + ox * geo.StrideW] += source[ox - first];
                        }
                    }
                }
            }
        }
    }

    /// <summary>The output columns [first, end) whose kernel column <paramref name="j"/> falls inside the input (not in the padding).</summary>
    private static (int First, int End) InsideColumns(ConvGeometry geo, ConvShapes s, int j)
    {
        var offset = j * geo.DilationW - geo.PadLeft;
        // ix = ox * stride + offset must lie in [0, W): ox >= ceil(-offset / stride) and ox < ceil((W - offset) / stride).
        var first = offset >= 0 ? 0 : (-offset + geo.StrideW - 1) / geo.StrideW;
        var end = s.W - offset <= 0 ? 0 : Math.Min(s.OutW, (s.W - offset + geo.StrideW - 1) / geo.StrideW);
        return (Math.Min(first, s.OutW), end);
    }

    private sealed record ConvShapes(int N, int C, int H, int W, int M, int Mg, int Cg, int Kg, int OutH, int OutW, ConvGeometry Geometry);
}
