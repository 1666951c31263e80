namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// Flatten, Reshape, Identity and Dropout in inference mode: the same values under a new shape, so the gradient
/// is the output gradient unchanged.
/// </summary>
internal sealed class ReshapeNode : TrainingNode
{
    private readonly Func<int[], int[]> shapeOf;

    public ReshapeNode(string label, IReadOnlyList<string> inputs, string output, Func<int[], int[]> shapeOf)
        : base(label, inputs, output)
    {
        this.shapeOf = shapeOf;
    }

    public override void Forward(TrainingPass pass)
    {
        var x = In(pass, 0);
        var shape = shapeOf(x.Shape);
        if (shape.Aggregate(1L, (p, d) => p * d) != x.Data.Length)
        {
            throw Bad($"cannot reshape {x} into [{string.Join(",", shape)}]");
        }

        pass.SetValue(Output, new TrainingTensor(x.Data, shape));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is { } dy)
        {
            MatrixProducts.Accumulate(pass.GradientBuffer(Inputs[0]), dy);
        }
    }

    /// <summary>ONNX Flatten: [d0 .. d(axis-1)] and [d(axis) ..] each collapse to one dimension.</summary>
    public static int[] Flatten(int[] shape, int axis)
    {
        var normalized = axis < 0 ? axis + shape.Length : axis;
        var outer = shape.Take(normalized).Aggregate(1, (p, d) => p * d);
        var inner = shape.Skip(normalized).Aggregate(1, (p, d) => p * d);
        return [outer, inner];
    }

    /// <summary>ONNX Reshape with allowzero = 0: 0 copies the input dimension, one -1 is inferred.</summary>
    public static int[] Reshape(int[] input, long[] target, string label)
    {
        var shape = new int[target.Length];
        var inferred = -1;
        long known = 1;
        for (var d = 0; d < target.Length; d++)
        {
            switch (target[d])
            {
                case 0 when d < input.Length:
                    shape[d] = input[d];
                    break;
                case -1 when inferred < 0:
                    inferred = d;
                    continue;
                case > 0 and <= int.MaxValue:
                    shape[d] = (int)target[d];
                    break;
                default:
                    throw new InvalidTrainingGraphException($"{label}: shape value {target[d]} at position {d} is not valid for input [{string.Join(",", input)}]");
            }

            known *= shape[d];
        }

        if (inferred >= 0)
        {
            var total = input.Aggregate(1L, (p, d) => p * d);
            if (known == 0 || total % known != 0)
            {
                throw new InvalidTrainingGraphException($"{label}: cannot infer the -1 of [{string.Join(",", target)}] from input [{string.Join(",", input)}]");
            }

            shape[inferred] = (int)(total / known);
        }

        return shape;
    }
}
