namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Knowledge distillation from a teacher model: <see cref="Temperature"/> T softens both models' outputs and
/// <see cref="Weight"/> A is the soft term's share of the loss (see <see cref="Runtime.Training.DistillationLoss"/>).
/// </summary>
public sealed record DistillationSettings(float Temperature, float Weight)
{
    public const float DefaultTemperature = 4f;

    public const float DefaultWeight = 0.9f;
}
