using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Pipeline;

/// <summary>The hyper-parameters of one `dcompress finetune` run.</summary>
public sealed record FinetuneSettings(
    int Epochs,
    int BatchSize,
    float LearningRate,
    float Momentum,
    float WeightDecay,
    ScheduleKind Schedule,
    int DecayEpochs,
    float Gamma,
    int Seed,
    int Threads)
{
    /// <summary>Random shifts of the training images; null trains on them as they are.</summary>
    public ShiftAugmentation? Augmentation { get; init; }
}
