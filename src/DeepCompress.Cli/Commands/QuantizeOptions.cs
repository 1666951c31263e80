using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Quantization;

namespace DeepCompress.Cli.Commands;

/// <summary>The weight-sharing options, shared by `quantize` and `compress`.</summary>
public sealed class QuantizeOptions
{
    /// <param name="combined">True in `compress`: there only --layer-bits exists (quantize accepts it as an alias of --layer).</param>
    public QuantizeOptions(bool combined = false)
    {
        Layer = OptionParsers.LayerOverrideOption<int>(
            combined ? ["--layer-bits"] : ["--layer", "--layer-bits"],
            "Bits of one layer, overriding the rest (repeatable)",
            "BITS",
            t => OptionParsers.Int(t, 1, MaxBits));
    }

    /// <summary>Codebook indices are stored as 16-bit values, and 2^16 shared weights per layer is already far past useful.</summary>
    public const int MaxBits = 16;

    public Option<ClassValueSpec<int>?> Bits { get; } = OptionParsers.ClassSpecOption<int>(
        "--bits",
        "Bits per shared weight (2^bits clusters): one value (5) or per class; default conv=8,fc=5",
        "B|conv=B,fc=B",
        t => OptionParsers.Int(t, 1, MaxBits));

    public Option<IReadOnlyList<LayerOverride<int>>> Layer { get; }

    public Option<CentroidInit> Init { get; } = new("--init")
    {
        Description = "Centroid initialisation: linear (the paper's best), forgy, density, kmeans++ (spelled kmeansplusplus or kmeans++)",
        DefaultValueFactory = _ => CentroidInit.Linear,
        CustomParser = r => ParseInit(r),
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Random seed for forgy and k-means++ initialisation",
        DefaultValueFactory = _ => 0,
    };

    public Option<int> MaxIterations { get; } = new("--max-iter")
    {
        Description = "Most Lloyd iterations per layer",
        DefaultValueFactory = _ => 100,
        Validators = { r => { if (r.GetValueOrDefault<int>() is < 0 or > 100_000) { r.AddError("--max-iter must be between 0 and 100000"); } } },
    };

    /// <summary>Every core by default: the output is byte-identical at any thread count, so nothing is lost by using them.</summary>
    public Option<int> Threads { get; } = GlobalOptions.Threads(Environment.ProcessorCount);

    public void AddTo(Command command)
    {
        command.Options.Add(Bits);
        command.Options.Add(Layer);
        command.Options.Add(Init);
        command.Options.Add(Seed);
        command.Options.Add(MaxIterations);
        command.Options.Add(Threads);
        command.Options.Add(MinSize);
    }

    public Option<int> MinSize { get; } = GlobalOptions.MinSize("Leave layers with fewer weights than this as they are (not pruned by compress, not quantized, stored raw)");

    public QuantizeSettings Read(ParseResult parseResult, int minSize) => new(
        parseResult.GetValue(Bits) ?? QuantizeSettings.DefaultBits,
        parseResult.GetValue(Layer) ?? [],
        parseResult.GetValue(Init),
        parseResult.GetValue(Seed),
        parseResult.GetValue(MaxIterations),
        minSize,
        parseResult.GetValue(Threads));

    private static CentroidInit ParseInit(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value.ToLowerInvariant() : "linear";
        switch (text)
        {
            case "linear": return CentroidInit.Linear;
            case "forgy" or "random": return CentroidInit.Forgy;
            case "density": return CentroidInit.Density;
            case "kmeans++" or "kmeansplusplus" or "k-means++": return CentroidInit.KMeansPlusPlus;
            default:
                result.AddError($"--init: '{text}' is not one of linear, forgy, density, kmeans++");
                return CentroidInit.Linear;
        }
    }
}
