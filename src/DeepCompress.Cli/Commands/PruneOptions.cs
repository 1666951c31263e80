using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;

namespace DeepCompress.Cli.Commands;

/// <summary>The pruning options, shared by `prune` and `compress` so both take exactly the same spelling.</summary>
public sealed class PruneOptions
{
    /// <param name="combined">True in `compress`, where quantize's options sit beside these: there only the
    /// unambiguous spelling --layer-sparsity exists (prune accepts it too, as an alias of --layer).</param>
    public PruneOptions(bool combined = false)
    {
        Layer = OptionParsers.LayerOverrideOption<double>(
            combined ? ["--layer-sparsity"] : ["--layer", "--layer-sparsity"],
            "Sparsity of one layer, overriding the rest (repeatable); names as `dcompress info` prints them",
            "S",
            t => OptionParsers.Double(t, 0, 1));
    }

    public Option<ClassValueSpec<double>?> Sparsity { get; } = OptionParsers.ClassSpecOption<double>(
        "--sparsity",
        "Fraction of weights to prune: one value (0.9) or per class (conv=0.6,fc=0.92); exactly round(s x n) per layer",
        "S|conv=S,fc=S",
        t => OptionParsers.Double(t, 0, 1));

    public Option<ClassValueSpec<double>?> StdQuality { get; } = OptionParsers.ClassSpecOption<double>(
        "--std-quality",
        "Han's rule: prune |w| < Q x std of the layer; one value or per class (conv=Q,fc=Q)",
        "Q|conv=Q,fc=Q",
        t => OptionParsers.Double(t, 0, 100));

    public Option<IReadOnlyList<LayerOverride<double>>> Layer { get; }

    public Option<PruneScope> Scope { get; } = new("--scope")
    {
        Description = "layer: a threshold per layer; global: one magnitude threshold across all layers",
        DefaultValueFactory = _ => PruneScope.Layer,
    };

    public Option<int> MinSize { get; } = GlobalOptions.MinSize("Leave layers with fewer weights than this dense");

    public void AddTo(Command command)
    {
        command.Options.Add(Sparsity);
        command.Options.Add(StdQuality);
        command.Options.Add(Layer);
        command.Options.Add(Scope);
        command.Options.Add(MinSize);
    }

    public PruneSettings Read(ParseResult parseResult) => new(
        parseResult.GetValue(Sparsity),
        parseResult.GetValue(StdQuality),
        parseResult.GetValue(Layer) ?? [],
        parseResult.GetValue(Scope),
        parseResult.GetValue(MinSize));
}
