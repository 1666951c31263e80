namespace DeepCompress.Runtime.Training.Nodes;

/// <summary>
/// Dropout: identity in inference mode; in training mode each element is kept with probability 1 - ratio and
/// scaled by 1 / (1 - ratio). The mask is a pure function of (seed, step, node, element), so it does not depend on
/// the thread count or on what ran before.
/// </summary>
internal sealed class DropoutNode : TrainingNode
{
    private readonly float ratio;
    private readonly ulong seed;

    public DropoutNode(string label, IReadOnlyList<string> inputs, string output, float ratio, ulong seed)
        : base(label, inputs, output)
    {
        if (!(ratio >= 0f && ratio < 1f))
        {
            throw Bad($"ratio {ratio} is outside [0, 1)");
        }

        this.ratio = ratio;
        this.seed = seed;
    }

    public override void Forward(TrainingPass pass)
    {
        var x = In(pass, 0);
        if (!pass.Training || ratio == 0f)
        {
            pass.SetValue(Output, x);
            return;
        }

        var y = pass.Allocate(x.Data.Length);
        var scale = 1f / (1f - ratio);
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = Kept(pass.Step, i) ? x.Data[i] * scale : 0f;
        }

        pass.SetValue(Output, new TrainingTensor(y, x.Shape));
    }

    public override void Backward(TrainingPass pass)
    {
        if (pass.Gradient(Output) is not { } dy)
        {
            return;
        }

        var dx = pass.GradientBuffer(Inputs[0]);
        if (!pass.Training || ratio == 0f)
        {
            MatrixProducts.Accumulate(dx, dy);
            return;
        }

        var scale = 1f / (1f - ratio);
        for (var i = 0; i < dx.Length; i++)
        {
            dx[i] += Kept(pass.Step, i) ? dy[i] * scale : 0f;
        }
    }

    /// <summary>Whether element <paramref name="index"/> survives at <paramref name="step"/>: a SplitMix64 hash mapped to [0, 1).</summary>
    public bool Kept(long step, int index)
    {
        var z = seed + (0x9E3779B97F4A7C15UL * ((ulong)step + 1)) + (0xD1B54A32D192ED03UL * (ulong)(uint)index);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 40) * (1.0 / (1UL << 24)) >= ratio;
    }
}
