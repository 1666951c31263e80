namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// Softmax over the trailing <c>inner</c> elements of each row. Backward: dx = y (dy - sum(dy y)). When the graph's
/// loss is cross-entropy on this node's output the trainer skips it and differentiates the fused form instead.
/// </summary>
internal sealed class SoftmaxNode : TrainingNode
{
    private readonly Func<int[], int> innerOf;

    public SoftmaxNode(string label, IReadOnlyList<string> inputs, string output, Func<int[], int> innerOf)
        : base(label, inputs, output)
    {
        this.innerOf = innerOf;
    }

    public override void Forward(TrainingPass pass)
    {
        var x = In(pass, 0);
        var inner = innerOf(x.Shape);
        var y = pass.Allocate(x.Data.Length);
        for (var row = 0; row < y.Length; row += inner)
        {
            Normalize(x.Data.AsSpan(row, inner), y.AsSpan(row, inner));
        }

        pass.SetValue(Output, new TrainingTensor(y, x.Shape));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var y = pass.Value(Output).Data;
        var inner = innerOf(pass.Value(Output).Shape);
        var dx = pass.GradientBuffer(Inputs[0]);
        for (var row = 0; row < y.Length; row += inner)
        {
            var dot = 0.0;
            for (var i = row; i < row + inner; i++)
            {
                dot += (double)dy[i] * y[i];
            }

            for (var i = row; i < row + inner; i++)
            {
                dx[i] += y[i] * (dy[i] - (float)dot);
            }
        }
    }

    /// <summary>exp(x - max) / sum, the max shift keeping exp in range; sums in double.</summary>
    public static void Normalize(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = float.NegativeInfinity;
        foreach (var v in x)
        {
            max = Math.Max(max, v);
        }

        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = MathF.Exp(x[i] - max);
            sum += y[i];
        }

        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (float)(y[i] / sum);
        }
    }
}
