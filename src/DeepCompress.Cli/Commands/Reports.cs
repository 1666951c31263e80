using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;

namespace DeepCompress.Cli.Commands;

/// <summary>How the results of prune and quantize are printed: a table, or JSON with --json.</summary>
public static class Reports
{
    public static void WritePrune(CommandContext context, IReadOnlyList<LayerPruneResult> results)
    {
        var totalWeights = results.Sum(r => (long)r.Weights);
        var totalAfter = results.Sum(r => (long)r.NonZeroAfter);
        if (context.Json)
        {
            context.WriteJson(new
            {
                layers = results.Select(r => new
                {
                    name = r.Name,
                    @class = Formatting.Class(r.Class),
                    weights = r.Weights,
                    nonzero_before = r.NonZeroBefore,
                    nonzero_after = r.NonZeroAfter,
                    sparsity = 1 - r.Density,
                    rule = r.Rule,
                }),
                total = new { weights = totalWeights, nonzero = totalAfter, sparsity = totalWeights == 0 ? 0 : 1 - ((double)totalAfter / totalWeights) },
            });
            return;
        }

        var table = new TextTable("layer", "class", ">weights", ">nonzero before", ">nonzero after", ">density", "rule");
        foreach (var r in results)
        {
            table.AddRow(r.Name, Formatting.Class(r.Class), Formatting.Int(r.Weights), Formatting.Int(r.NonZeroBefore), Formatting.Int(r.NonZeroAfter), Formatting.Percent(r.Density), r.Rule);
        }

        table.AddFooter("total", string.Empty, Formatting.Int(totalWeights), Formatting.Int(results.Sum(r => (long)r.NonZeroBefore)), Formatting.Int(totalAfter),
            Formatting.Percent(totalWeights == 0 ? 0 : (double)totalAfter / totalWeights), string.Empty);
        table.Write(context.Output);
    }

    public static void WriteQuantize(CommandContext context, IReadOnlyList<LayerQuantizeResult> results)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                layers = results.Select(r => new
                {
                    name = r.Name,
                    @class = Formatting.Class(r.Class),
                    weights = r.Weights,
                    nonzero = r.NonZero,
                    bits = r.Bits,
                    distinct_before = r.DistinctBefore,
                    clusters = r.Clusters,
                    sse = r.Sse,
                    iterations = r.Iterations,
                    rule = r.Rule,
                }),
            });
            return;
        }

        var table = new TextTable("layer", "class", ">weights", ">nonzero", ">bits", ">distinct before", ">clusters", ">SSE", ">iterations", "rule");
        foreach (var r in results)
        {
            table.AddRow(r.Name, Formatting.Class(r.Class), Formatting.Int(r.Weights), Formatting.Int(r.NonZero), r.Bits?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                Formatting.Int(r.DistinctBefore), Formatting.Int(r.Clusters), r.Sse.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), Formatting.Int(r.Iterations), r.Rule);
        }

        table.Write(context.Output);
    }

    public static void WriteSizes(CommandContext context, string inputPath, long inputBytes, string outputPath, long outputBytes)
    {
        var ratio = outputBytes == 0 ? 0 : (double)inputBytes / outputBytes;
        if (context.Json)
        {
            context.WriteJson(new { input = inputPath, input_bytes = inputBytes, output = outputPath, output_bytes = outputBytes, ratio });
            return;
        }

        context.Output.WriteLine($"{inputPath}: {Formatting.Int(inputBytes)} bytes -> {outputPath}: {Formatting.Int(outputBytes)} bytes ({Formatting.Ratio(ratio)})");
    }
}
