using System.CommandLine;
using System.Globalization;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Data;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// <c>dcompress sensitivity MODEL --data DIR</c>: per layer, the top-1 error at each sparsity with every other layer
/// dense and no retraining; optionally the largest sparsity per layer within an error budget, as prune options.
/// </summary>
public static class SensitivityCommand
{
    /// <summary>The default scan: every tenth up to 0.9, then 0.95, where the sensitive layers usually break.</summary>
    public static readonly IReadOnlyList<double> DefaultSparsities = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "An ONNX model (.onnx) or a compressed model (.dcz, scanned decoded)" };
        var dataset = new DatasetOptions();
        var sparsities = new Option<IReadOnlyList<double>>("--sparsities")
        {
            Description = "Comma-separated sparsities to test, each in [0, 1] (default 0,0.1,...,0.9,0.95)",
            HelpName = "S,S,...",
            CustomParser = ParseSparsities,
        };
        var layer = new Option<string[]>("--layer")
        {
            Description = "Scan only this layer (repeatable); names as `dcompress info` prints them; default every layer",
            HelpName = "NAME",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [],
        };
        var testCount = new Option<int?>("--test-count")
        {
            Description = "Evaluate on the first N test images only",
            HelpName = "N",
            Validators = { r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--test-count must be at least 1"); } } },
        };
        var maxIncrease = new Option<double?>("--max-error-increase")
        {
            Description = "Propose per layer the largest tested sparsity whose top-1 error is at most X percentage points above the dense model's",
            HelpName = "X",
            Validators = { r => { if (r.GetValueOrDefault<double?>() is { } x && !(x >= 0 && x <= 100)) { r.AddError("--max-error-increase must be between 0 and 100 (percentage points)"); } } },
        };
        var plot = new Option<FileInfo?>("--plot") { Description = "Also draw the scan: one line per layer; PNG or SVG by extension (written atomically)", HelpName = "OUT.png|OUT.svg" };
        var threads = GlobalOptions.Threads();
        var command = new Command("sensitivity", "Per-layer pruning sensitivity: top-1 error at each sparsity of one layer, the others dense, no retraining")
        {
            model, sparsities, layer, testCount, maxIncrease, plot, threads, GlobalOptions.Json,
        };
        dataset.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var path = InputFiles.RequireExisting(parseResult.GetValue(model)!);
            var plotPath = parseResult.GetValue(plot)?.FullName;
            if (plotPath is not null)
            {
                SensitivityPlot.RequireKnownExtension(plotPath);
                InputFiles.RequireDistinctOutput(path, new FileInfo(plotPath));
            }

            var onnx = ContainerFiles.HasMagic(path) ? OnnxModel.FromBytes(LoadedModel.Load(path).ToDenseOnnxBytes(), path) : OnnxModel.Load(path);
            var allLayers = onnx.FindLayers();
            var names = parseResult.GetValue(layer) ?? [];
            LayerNames.RequireKnown(allLayers, names);
            var layers = names.Length == 0 ? allLayers : allLayers.Where(l => names.Contains(l.Name, StringComparer.Ordinal)).ToList();
            if (layers.Count == 0)
            {
                throw new InvalidDataException($"{path}: the model has no prunable layer (Conv, ConvTranspose, Gemm or MatMul weight)");
            }

            var normalization = dataset.Normalization(parseResult, onnx.Proto, path);
            var data = dataset.Load(parseResult, DatasetSplit.Test, normalization);
            var images = DatasetOptions.Count(parseResult.GetValue(testCount), data, "--test-count");
            var tested = parseResult.GetValue(sparsities) ?? DefaultSparsities;
            context.Log.Information("scanning {Layers} layers at {Sparsities} sparsities on {Images} images of {Data}", layers.Count, tested.Count, images, data.Source);
            var result = SensitivityAnalysis.Run(onnx, layers, tested, data, images, parseResult.GetValue(threads), path,
                (row, i) => context.Log.Information("{Layer} at sparsity {Sparsity}: top-1 error {Error}",
                    row.Name, tested[i], Formatting.Percent(row.Results[i].Top1Error)));
            if (plotPath is not null)
            {
                SensitivityPlot.Write(result, plotPath, $"Pruning sensitivity of {Path.GetFileName(path)} ({Formatting.Int(images)} test images, no retraining)");
                context.Log.Information("wrote {Plot}", plotPath);
            }

            Write(context, path, data.Source, result, parseResult.GetValue(maxIncrease));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static IReadOnlyList<double> ParseSparsities(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = string.Join(",", result.Tokens.Select(t => t.Value));
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (OptionParsers.Double(part, 0, 1) is not { } value)
            {
                result.AddError($"--sparsities: '{part}' is not a sparsity in [0, 1] (in '{text}')");
                return [];
            }

            if (values.Contains(value))
            {
                result.AddError($"--sparsities: {part} is given twice (in '{text}')");
                return [];
            }

            values.Add(value);
        }

        values.Sort();
        return values;
    }

    private static void Write(CommandContext context, string path, string dataSource, SensitivityResult result, double? maxIncreasePoints)
    {
        var proposals = maxIncreasePoints is { } points
            ? result.Layers.Select(l => result.ProposedSparsity(l, points / 100)).ToList()
            : null;
        var options = proposals is null ? null : PruneOptionsText(result.Layers, proposals);
        if (context.Json)
        {
            context.WriteJson(new
            {
                model = path,
                data = dataSource,
                images = result.Dense.Images,
                dense = new { top1_errors = result.Dense.Top1Errors, top1_error = result.Dense.Top1Error },
                sparsities = result.Sparsities,
                layers = result.Layers.Select((l, i) => new
                {
                    name = l.Name,
                    @class = Formatting.Class(l.Class),
                    weights = l.Weights,
                    top1_errors = l.Results.Select(r => r.Top1Errors),
                    top1_error = l.Results.Select(r => r.Top1Error),
                    proposed_sparsity = proposals?[i],
                }),
                max_error_increase_points = maxIncreasePoints,
                proposed_options = options,
            });
            return;
        }

        context.Output.WriteLine($"{path}: dense top-1 error {Formatting.Percent(result.Dense.Top1Error)} ({result.Dense.Top1Errors} of {Formatting.Int(result.Dense.Images)} images of {dataSource})");
        context.Output.WriteLine("top-1 error with one layer pruned to each sparsity (columns), the others dense, no retraining:");
        string[] headers = ["layer", ">weights", .. result.Sparsities.Select(s => ">" + s.ToString("0.###", CultureInfo.InvariantCulture)), .. proposals is null ? Array.Empty<string>() : [">proposed"]];
        var table = new TextTable(headers);
        for (var i = 0; i < result.Layers.Count; i++)
        {
            var l = result.Layers[i];
            string[] cells = [l.Name, Formatting.Int(l.Weights), .. l.Results.Select(r => Formatting.Percent(r.Top1Error)),
                .. proposals is null ? Array.Empty<string>() : [proposals[i].ToString("0.###", CultureInfo.InvariantCulture)]];
            table.AddRow(cells);
        }

        table.Write(context.Output);
        if (options is not null)
        {
            context.Output.WriteLine();
            context.Output.WriteLine($"largest tested sparsity per layer within +{maxIncreasePoints!.Value.ToString("0.###", CultureInfo.InvariantCulture)} points of the dense error (each layer alone; together they add up):");
            context.Output.WriteLine(options.Length == 0 ? "(no layer can be pruned within that budget)" : options);
        }
    }

    /// <summary>The proposal as options `prune` and `compress` both take; layers proposed dense are left out.</summary>
    private static string PruneOptionsText(IReadOnlyList<LayerSensitivity> layers, IReadOnlyList<double> proposals) =>
        string.Join(" ", layers.Select((l, i) => (l.Name, Sparsity: proposals[i]))
            .Where(p => p.Sparsity > 0)
            .Select(p => $"--layer-sparsity {p.Name}={p.Sparsity.ToString("0.###", CultureInfo.InvariantCulture)}"));
}
