namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// How far our engine's output is from a reference: the largest absolute difference, and that difference
/// relative to the largest reference magnitude (element-wise ratios blow up where the reference is near zero).
/// </summary>
public sealed record OutputDifference(double MaxAbsolute, double Relative)
{
    public static OutputDifference Zero { get; } = new(0, 0);

    public static OutputDifference Of(ReadOnlySpan<float> ours, ReadOnlySpan<float> reference)
    {
        if (ours.Length != reference.Length)
        {
            throw new InvalidOperationException($"our engine produced {ours.Length} values, ONNX Runtime {reference.Length}");
        }

        double maxAbs = 0, scale = 0;
        for (var i = 0; i < ours.Length; i++)
        {
            maxAbs = Math.Max(maxAbs, Math.Abs((double)ours[i] - reference[i]));
            scale = Math.Max(scale, Math.Abs((double)reference[i]));
        }

        var relative = maxAbs == 0 ? 0 : scale == 0 ? double.PositiveInfinity : maxAbs / scale;
        return new OutputDifference(maxAbs, relative);
    }

    /// <summary>The worse of two differences, component by component.</summary>
    public OutputDifference Max(OutputDifference other) => new(Math.Max(MaxAbsolute, other.MaxAbsolute), Math.Max(Relative, other.Relative));
}
