namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>Relu; the gradient passes where the input was positive (the subgradient at 0 is 0).</summary>
internal sealed class ReluNode : TrainingNode
{
    public ReluNode(string label, IReadOnlyList<string> inputs, string output)
        : base(label, inputs, output)
    {
    }

    public override void Forward(TrainingPass pass)
    {
        var x = In(pass, 0);
        var y = pass.Allocate(x.Data.Length);
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = Math.Max(x.Data[i], 0f);
        }

        pass.SetValue(Output, new TrainingTensor(y, x.Shape));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var x = In(pass, 0).Data;
        var dx = pass.GradientBuffer(Inputs[0]);
        for (var i = 0; i < dx.Length; i++)
        {
            dx[i] += x[i] > 0f ? dy[i] : 0f;
        }
    }
}
