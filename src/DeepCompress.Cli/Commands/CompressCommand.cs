using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Data;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// <c>dcompress compress IN.onnx -o OUT.dcz</c>: prune, quantize and encode in one step; the result is the same
/// as running the three commands in turn with the same options. With <c>--data DIR</c> it runs the paper's whole
/// pipeline instead: iterative pruning with retraining, weight sharing, centroid fine-tuning, encoding.
/// </summary>
public static class CompressCommand
{
    public static Command Create()
    {
        var input = GlobalOptions.InputModel();
        var output = GlobalOptions.Output("Output .dcz container (written atomically)");
        var prune = new PruneOptions(combined: true);
        var quantize = new QuantizeOptions(combined: true);
        var dataset = new DatasetOptions();
        dataset.Data.Required = false;
        dataset.Data.Description = "Run the paper's pipeline on this dataset: prune in --prune-steps rounds with retraining, share weights, fine-tune the centroids";
        var training = new TrainingOptions();
        var command = new Command("compress", "Prune, quantize and encode in one step (the options of prune and quantize); with --data, retrain between the stages")
        {
            input, output, GlobalOptions.Json,
        };
        command.Options.Add(prune.Sparsity);
        command.Options.Add(prune.StdQuality);
        command.Options.Add(prune.Layer);
        command.Options.Add(prune.Scope);
        quantize.AddTo(command);
        dataset.AddTo(command);
        training.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var minSize = parseResult.GetValue(quantize.MinSize);
            var pruneSettings = prune.Read(parseResult) with { MinSize = minSize };
            var quantizeSettings = quantize.Read(parseResult, minSize);
            if (parseResult.GetValue(dataset.Data) is not null)
            {
                return RunWithData(context, parseResult, dataset, training, inputPath, outputPath, pruneSettings, quantizeSettings);
            }

            var orphan = training.FirstGiven(parseResult)
                ?? new Option[] { dataset.Scale, dataset.Mean, dataset.Std }.FirstOrDefault(o => parseResult.GetResult(o) is not null)?.Name;
            if (orphan is not null)
            {
                throw new UsageException($"{orphan}: only means something with --data DIR (compress without data does not train)");
            }

            if (StreamingCompression.Supports(pruneSettings))
            {
                var streamed = StreamingCompression.Run(inputPath, outputPath, pruneSettings, quantizeSettings, context.Progress);
                context.Log.Information("pruned {Pruned} and quantized {Quantized} layers one at a time", streamed.Pruned.Count, streamed.CompressedLayers);
                context.Log.Information("wrote {Output}", outputPath);
                context.Log.Debug("started {StartUp:F3} s after the process", streamed.Timeline.StartedAfter.TotalSeconds);
                foreach (var step in streamed.Timeline.Steps)
                {
                    context.Log.Debug("{Layer} {Step}: {Start:F3}-{End:F3} s on thread {Thread}", step.Layer, step.Step, step.Start.TotalSeconds, step.End.TotalSeconds, step.Thread);
                }

                Reports.WriteSizes(context, inputPath, streamed.InputBytes, outputPath, streamed.OutputBytes);
                return ExitCodes.Success;
            }

            var model = OnnxModel.Load(inputPath);
            var layers = model.FindLayers();
            if (pruneSettings.PrunesAnything)
            {
                var pruned = ModelPruning.Apply(layers, pruneSettings, context.Progress);
                context.Log.Information("pruned {Layers} layers", pruned.Count);
            }

            var quantized = ModelQuantization.Apply(layers, quantizeSettings, context.Progress);
            context.Log.Information("quantized {Layers} layers", quantized.Count(r => r.Bits is not null));

            // Layers left unquantized by --min-size stay raw tensors in the graph, exactly as encode would keep them.
            var container = ContainerCodec.Encode(model, layers, quantizeSettings.BitsFor, model.StoredBytes, inputPath);
            var written = ContainerFiles.Write(container, outputPath);
            context.Log.Information("wrote {Output}", outputPath);
            Reports.WriteSizes(context, inputPath, model.StoredBytes, outputPath, written);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static int RunWithData(CommandContext context, ParseResult parseResult, DatasetOptions dataset, TrainingOptions training,
        string inputPath, string outputPath, PruneSettings pruneSettings, QuantizeSettings quantizeSettings)
    {
        pruneSettings.Validate();
        var settings = training.Read(parseResult, quantizeSettings.Seed, quantizeSettings.Threads);
        var model = OnnxModel.Load(inputPath);
        var normalization = dataset.Normalization(parseResult, model.Proto, inputPath);
        var train = dataset.Load(parseResult, DatasetSplit.Train, normalization);
        var test = dataset.Load(parseResult, DatasetSplit.Test, normalization);
        var trainImages = DatasetOptions.Count(parseResult.GetValue(training.TrainCount), train, "--train-count");
        var testImages = DatasetOptions.Count(parseResult.GetValue(training.TestCount), test, "--test-count");
        if (trainImages < 1 || testImages < 1)
        {
            throw new UsageException($"--train-count/--test-count: {trainImages} training and {testImages} test examples; at least one of each is needed");
        }

        if (settings.IntermediateDirectory is { } directory)
        {
            ModelFiles.WriteGuard(directory, () => Directory.CreateDirectory(directory));
        }

        context.Log.Information("compressing {Model} on {Train} training and {Test} test examples of {Data}", inputPath, trainImages, testImages, train.Source);
        var stages = DataCompression.Run(model, inputPath, outputPath, pruneSettings, quantizeSettings, settings, train, trainImages, test, testImages, context.Progress,
            s => context.Log.Information("{Stage}: sparsity {Sparsity}, top-1 error {Error}", s.Name, Formatting.Percent(s.Sparsity), Formatting.Percent(s.Error.Top1Error)),
            (phase, e) =>
            {
                // Epoch 0 is the model before the phase, already reported as the previous stage.
                if (e.TrainLoss is { } loss)
                {
                    context.Log.Information("{Phase}, epoch {Epoch}: lr {Rate:G4}, train loss {Loss:F4}, {Seconds:F1} s", phase, e.Epoch, e.LearningRate, loss, e.Seconds);
                }
            });
        context.Log.Information("wrote {Output}", outputPath);
        WriteStages(context, inputPath, outputPath, stages);
        return ExitCodes.Success;
    }

    private static void WriteStages(CommandContext context, string inputPath, string outputPath, IReadOnlyList<CompressionStage> stages)
    {
        var ratio = (double)stages[0].Bytes / stages[^1].Bytes;
        if (context.Json)
        {
            context.WriteJson(new
            {
                input = inputPath,
                output = outputPath,
                images = stages[0].Error.Images,
                stages = stages.Select(s => new { stage = s.Name, sparsity = s.Sparsity, top1_errors = s.Error.Top1Errors, top1_error = s.Error.Top1Error, bytes = s.Bytes }),
                input_bytes = stages[0].Bytes,
                output_bytes = stages[^1].Bytes,
                ratio,
            });
            return;
        }

        var table = new TextTable("stage", ">sparsity", ">top-1 error", ">bytes");
        foreach (var s in stages)
        {
            table.AddRow(s.Name, Formatting.Percent(s.Sparsity), $"{Formatting.Percent(s.Error.Top1Error)} ({s.Error.Top1Errors})", Formatting.Int(s.Bytes));
        }

        table.Write(context.Output);
        context.Output.WriteLine($"{inputPath}: {Formatting.Int(stages[0].Bytes)} bytes -> {outputPath}: {Formatting.Int(stages[^1].Bytes)} bytes ({Formatting.Ratio(ratio)}), " +
            $"top-1 error {Formatting.Percent(stages[0].Error.Top1Error)} -> {Formatting.Percent(stages[^1].Error.Top1Error)} on {Formatting.Int(stages[0].Error.Images)} test images");
    }
}
