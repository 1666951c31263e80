namespace DeepCompress.Cli.Pipeline;

/// <summary>One epoch's outcome (its learning rate at the first step); epoch 0 is the input model, before any update.</summary>
public sealed record FinetuneEpoch(int Epoch, double LearningRate, double? TrainLoss, double TestTop1Error, double Seconds);
