namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// How `compress --data` schedules the paper's pipeline: <see cref="PruneSteps"/> rounds of pruning towards the
/// targets, each followed by <see cref="RetrainEpochs"/> of masked retraining, then weight sharing and
/// <see cref="CentroidEpochs"/> of centroid fine-tuning at <see cref="CentroidLearningRate"/>. <see cref="Training"/>
/// holds the SGD settings of every training phase (its epoch count is replaced by the phase's). With
/// <see cref="Distillation"/>, every phase distils from the input model (the uncompressed original).
/// </summary>
public sealed record DataCompressionSettings(
    int PruneSteps,
    int RetrainEpochs,
    int CentroidEpochs,
    float CentroidLearningRate,
    FinetuneSettings Training,
    string? IntermediateDirectory,
    DistillationSettings? Distillation);
