using System.CommandLine;
using DeepCompress.Cli.Pipeline;

namespace DeepCompress.Cli.Commands;

/// <summary>The loss options of knowledge distillation, shared by `finetune --teacher` and `compress --data --distill`.</summary>
public sealed class DistillationOptions
{
    public Option<float> Temperature { get; } = TrainingOptions.Ranged("--temperature", "Distillation temperature T: both models' logits are divided by it before the softmax",
        DistillationSettings.DefaultTemperature, 0.01f, 1000f);

    public Option<float> Weight { get; } = TrainingOptions.Ranged("--distill-weight", "Share A of the distillation term: loss = A T^2 KL(teacher || model) + (1 - A) cross-entropy",
        DistillationSettings.DefaultWeight, 0f, 1f);

    public IEnumerable<Option> All => [Temperature, Weight];

    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    public DistillationSettings Read(ParseResult parseResult) => new(parseResult.GetValue(Temperature), parseResult.GetValue(Weight));

    /// <summary>The first of these options the command line sets explicitly, if any.</summary>
    public string? FirstGiven(ParseResult parseResult) => All.FirstOrDefault(o => parseResult.GetResult(o) is { Implicit: false })?.Name;
}
