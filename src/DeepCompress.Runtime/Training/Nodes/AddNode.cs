namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// Add with multidirectional (numpy) broadcasting. Each input's gradient is the output gradient summed over the
/// dimensions that input was broadcast along.
/// </summary>
internal sealed class AddNode : TrainingNode
{
    public AddNode(string label, IReadOnlyList<string> inputs, string output)
        : base(label, inputs, output)
    {
    }

    public override void Forward(TrainingPass pass)
    {
        var (a, b) = (In(pass, 0), In(pass, 1));
        var shape = BroadcastShape(a.Shape, b.Shape);
        var ia = SourceIndices(a.Shape, shape);
        var ib = SourceIndices(b.Shape, shape);
        var y = pass.Allocate(ia.Length);
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = a.Data[ia[i]] + b.Data[ib[i]];
        }

        pass.SetValue(Output, new TrainingTensor(y, shape));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var shape = pass.Value(Output).Shape;
        for (var input = 0; input < 2; input++)
        {
            var indices = SourceIndices(In(pass, input).Shape, shape);
            var gradient = pass.GradientBuffer(Inputs[input]);
            for (var i = 0; i < dy.Length; i++)
            {
                gradient[indices[i]] += dy[i];
            }
        }
    }

    private int[] BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (var d = 0; d < rank; d++)
        {
            var da = d - (rank - a.Length) is var ai && ai >= 0 ? a[ai] : 1;
            var db = d - (rank - b.Length) is var bi && bi >= 0 ? b[bi] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw Bad($"shapes [{string.Join(",", a)}] and [{string.Join(",", b)}] do not broadcast");
            }

            shape[d] = Math.Max(da, db);
        }

        return shape;
    }

    /// <summary>For every element of the broadcast output, the flat index of the input element it reads.</summary>
    private static int[] SourceIndices(int[] source, int[] output)
    {
        var count = output.Aggregate(1, (p, d) => p * d);
        var indices = new int[count];
        var offset = output.Length - source.Length;
        var strides = new int[output.Length];
        var stride = 1;
        for (var d = output.Length - 1; d >= 0; d--)
        {
            var extent = d >= offset ? source[d - offset] : 1;
            strides[d] = extent == 1 ? 0 : stride;
            stride *= extent;
        }

        var position = new int[output.Length];
        for (var i = 0; i < count; i++)
        {
            var index = 0;
            for (var d = 0; d < output.Length; d++)
            {
                index += position[d] * strides[d];
            }

            indices[i] = index;
            for (var d = output.Length - 1; d >= 0; d--)
            {
                if (++position[d] < output[d])
                {
                    break;
                }

                position[d] = 0;
            }
        }

        return indices;
    }
}
