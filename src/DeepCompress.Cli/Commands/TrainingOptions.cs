using System.CommandLine;
using System.Globalization;
using System.Numerics;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// The options of `compress --data`'s training phases: finetune's SGD options under the same names and defaults,
/// plus the pipeline's own (prune steps, epochs per phase, the centroid learning rate, intermediate models,
/// distillation from the input model).
/// The seed and thread count come from the quantize options that compress already has (--seed, --threads).
/// </summary>
public sealed class TrainingOptions
{
    public Option<int> PruneSteps { get; } = Ranged("--prune-steps", "Pruning rounds: each raises every layer's sparsity by 1/K of its target, then retrains", 3, 1, 1000);

    public Option<int> RetrainEpochs { get; } = Ranged("--retrain-epochs", "Epochs of masked retraining after each pruning round (0: none)", 1, 0, 10_000);

    public Option<int> CentroidEpochs { get; } = Ranged("--centroid-epochs", "Epochs of shared-centroid fine-tuning after weight sharing (0: none)", 1, 0, 10_000);

    public Option<int> BatchSize { get; } = Ranged("--batch-size", "Examples per SGD step", 64, 1, 65_536);

    public Option<float> LearningRate { get; } = Ranged("--lr", "Learning rate of the retraining phases", 0.01f, 1e-9f, 100f);

    public Option<float?> CentroidLearningRate { get; } = new("--centroid-lr")
    {
        Description = "Learning rate of centroid fine-tuning (default: --lr / 10)",
        Validators = { r => { if (r.GetValueOrDefault<float?>() is { } v && !(v >= 1e-9f && v <= 100f)) { r.AddError("--centroid-lr must be between 1E-09 and 100"); } } },
    };

    public Option<float> Momentum { get; } = Ranged("--momentum", "SGD momentum, in [0, 1)", 0.9f, 0f, 0.999f);

    public Option<float> WeightDecay { get; } = Ranged("--weight-decay", "L2 weight decay", 1e-4f, 0f, 1f);

    public Option<ScheduleKind> Schedule { get; } = new("--schedule")
    {
        Description = "Learning-rate schedule of each phase: cosine (to 0 over the phase) or step (x gamma every --step-epochs)",
        DefaultValueFactory = _ => ScheduleKind.Cosine,
    };

    public Option<int> StepEpochs { get; } = Ranged("--step-epochs", "Epochs between learning-rate drops of the step schedule", 1, 1, 10_000);

    public Option<float> Gamma { get; } = Ranged("--gamma", "Factor of each step-schedule drop", 0.1f, 0f, 1f);

    public Option<int?> TrainCount { get; } = new("--train-count") { Description = "Train on the first N training examples only" };

    public Option<int?> TestCount { get; } = new("--test-count") { Description = "Score each stage on the first N test examples only" };

    public Option<DirectoryInfo?> KeepIntermediate { get; } = new("--keep-intermediate")
    {
        Description = "Also save each stage's model (pruned-K-of-N.onnx, quantized.onnx, centroids-tuned.onnx) in this directory",
        HelpName = "DIR",
    };

    public Option<bool> Distill { get; } = new("--distill")
    {
        Description = "Distil every training phase from the input model: its logits are soft targets (--temperature, --distill-weight)",
    };

    public DistillationOptions Distillation { get; } = new();

    private IEnumerable<Option> All =>
    [
        PruneSteps, RetrainEpochs, CentroidEpochs, BatchSize, LearningRate, CentroidLearningRate, Momentum, WeightDecay, Schedule, StepEpochs, Gamma,
        TrainCount, TestCount, KeepIntermediate, Distill, .. Distillation.All,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The first of these options the command line sets explicitly, if any (they mean nothing without data).</summary>
    public string? FirstGiven(ParseResult parseResult) => All.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false })?.Name;

    public DataCompressionSettings Read(ParseResult parseResult, int seed, int threads)
    {
        if (!parseResult.GetValue(Distill) && Distillation.FirstGiven(parseResult) is { } orphan)
        {
            throw new Infrastructure.UsageException($"{orphan}: only means something with --distill");
        }

        var rate = parseResult.GetValue(LearningRate);
        var training = new FinetuneSettings(parseResult.GetValue(RetrainEpochs), parseResult.GetValue(BatchSize), rate,
            parseResult.GetValue(Momentum), parseResult.GetValue(WeightDecay), parseResult.GetValue(Schedule), parseResult.GetValue(StepEpochs),
            parseResult.GetValue(Gamma), seed, threads);
        return new DataCompressionSettings(parseResult.GetValue(PruneSteps), parseResult.GetValue(RetrainEpochs), parseResult.GetValue(CentroidEpochs),
            parseResult.GetValue(CentroidLearningRate) ?? (rate / 10), training, parseResult.GetValue(KeepIntermediate)?.FullName,
            parseResult.GetValue(Distill) ? Distillation.Read(parseResult) : null);
    }

    /// <summary>An option with a default whose value must lie in [min, max].</summary>
    internal static Option<T> Ranged<T>(string name, string description, T defaultValue, T min, T max)
        where T : struct, INumber<T> => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { r => { if (r.GetValueOrDefault<T>() is var v && (T.IsNaN(v) || v < min || v > max)) { r.AddError(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}")); } } },
    };
}
