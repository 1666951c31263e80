namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// One epoch's outcome (its learning rate at the first step); epoch 0 is the input model, before any update.
/// <see cref="Seconds"/> is the wall-clock time of the training steps, <see cref="CpuSeconds"/> the processor time
/// the process spent in them (all threads), which a loaded machine distorts far less.
/// </summary>
public sealed record FinetuneEpoch(int Epoch, double LearningRate, double? TrainLoss, double TestTop1Error, double Seconds)
{
    public double CpuSeconds { get; init; }
}
