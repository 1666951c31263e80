using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Data;

namespace DeepCompress.Cli.Commands;

/// <summary><c>dcompress eval MODEL --data DIR</c>: top-1 and top-5 error on the test split.</summary>
public static class EvalCommand
{
    public const int DefaultBatchSize = 100;

    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "An ONNX model (.onnx) or a compressed model (.dcz)" };
        var dataset = new DatasetOptions();
        var engine = new Option<EvalEngine?>("--engine")
        {
            Description = "ort (ONNX Runtime) or sparse (DeepCompress' engine); default ort for .onnx, sparse for .dcz",
            CustomParser = r => ParseEngine(r),
        };
        var count = new Option<int?>("--count")
        {
            Description = "Evaluate only the first N test images",
            Validators = { r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--count must be at least 1"); } } },
        };
        var batchSize = new Option<int>("--batch-size")
        {
            Description = "Images per batch (a model with a fixed batch dimension uses its own)",
            DefaultValueFactory = _ => DefaultBatchSize,
            Validators = { r => { if (r.GetValueOrDefault<int>() is < 1 or > 65_536) { r.AddError("--batch-size must be between 1 and 65536"); } } },
        };
        var threads = GlobalOptions.Threads();
        var command = new Command("eval", "Top-1 and top-5 error of a model on a dataset's test split")
        {
            model, engine, count, batchSize, threads, GlobalOptions.Json,
        };
        dataset.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var path = InputFiles.RequireExisting(parseResult.GetValue(model)!);
            var loaded = LoadedModel.Load(path);
            var chosen = parseResult.GetValue(engine) ?? (loaded.IsContainer ? EvalEngine.Sparse : EvalEngine.Ort);
            var normalization = dataset.Normalization(parseResult, loaded.Graph, path);
            var data = dataset.Load(parseResult, DatasetSplit.Test, normalization);
            var images = DatasetOptions.Count(parseResult.GetValue(count), data, "--count");
            var threadCount = parseResult.GetValue(threads);
            using IBatchScorer scorer = chosen switch
            {
                EvalEngine.Sparse => new SparseScorer(loaded.Graph, loaded.SparseWeights, path,
                    data.Channels, data.Height, data.Width, data.Source, threadCount),
                _ => new OrtScorer(loaded.ToDenseOnnxBytes(), path,
                    data.Channels, data.Height, data.Width, data.Source, threadCount),
            };
            context.Log.Information("evaluating {Model} on {Count} images of {Data} with {Engine}", path, images, data.Source, chosen.ToString().ToLowerInvariant());
            var result = ClassifierEvaluation.Run(scorer, data, images, parseResult.GetValue(batchSize), path);
            Write(context, path, chosen, normalization, result);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static EvalEngine? ParseEngine(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        switch (text.ToLowerInvariant())
        {
            case "ort":
                return EvalEngine.Ort;
            case "sparse":
                return EvalEngine.Sparse;
            default:
                result.AddError($"--engine: '{text}' is not one of ort, sparse");
                return null;
        }
    }

    private static void Write(CommandContext context, string path, EvalEngine engine, InputNormalization normalization, EvalResult result)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                model = path,
                engine,
                images = result.Images,
                classes = result.Classes,
                top1_errors = result.Top1Errors,
                top5_errors = result.Top5Errors,
                top1_error = result.Top1Error,
                top5_error = result.Top5Error,
                normalization = new { scale = normalization.Scale, mean = normalization.Mean, std = normalization.Std },
            });
            return;
        }

        var table = new TextTable("model", "engine", ">images", ">top-1 error", ">top-5 error");
        table.AddRow(path, engine.ToString().ToLowerInvariant(), Formatting.Int(result.Images),
            $"{Formatting.Percent(result.Top1Error)} ({result.Top1Errors})", $"{Formatting.Percent(result.Top5Error)} ({result.Top5Errors})");
        table.Write(context.Output);
    }
}
