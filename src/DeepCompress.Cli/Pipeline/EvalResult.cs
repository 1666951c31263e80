namespace DeepCompress.Cli.Pipeline;

/// <summary>Classification errors over <see cref="Images"/> test images.</summary>
public sealed record EvalResult(int Images, int Classes, int Top1Errors, int Top5Errors)
{
    public double Top1Error => Images == 0 ? 0 : (double)Top1Errors / Images;

    public double Top5Error => Images == 0 ? 0 : (double)Top5Errors / Images;
}
