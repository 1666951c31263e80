using System.CommandLine;
using System.Globalization;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Data;
using DeepCompress.Onnx;
using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// <c>dcompress finetune IN.onnx --data DIR -o OUT.onnx</c>: retrains a pruned and/or quantized model with SGD
/// while keeping its zeros at zero and its shared values shared.
/// </summary>
public static class FinetuneCommand
{
    public static Command Create()
    {
        var input = GlobalOptions.InputModel();
        var output = GlobalOptions.Output("Output ONNX model (written atomically)");
        var dataset = new DatasetOptions();
        var epochs = IntOption("--epochs", "Passes over the training set", 1, 1, 10_000);
        var batchSize = IntOption("--batch-size", "Examples per SGD step", 64, 1, 65_536);
        var learningRate = FloatOption("--lr", "Base learning rate", 0.01f, 1e-9f, 100f);
        var momentum = FloatOption("--momentum", "SGD momentum, in [0, 1)", 0.9f, 0f, 0.999f);
        var weightDecay = FloatOption("--weight-decay", "L2 weight decay", 1e-4f, 0f, 1f);
        var schedule = new Option<ScheduleKind>("--schedule")
        {
            Description = "Learning-rate schedule: step (x gamma every --step-epochs epochs) or cosine (to 0 over the run)",
            DefaultValueFactory = _ => ScheduleKind.Cosine,
            CustomParser = r => r.Tokens[0].Value.ToLowerInvariant() switch
            {
                "step" => ScheduleKind.Step,
                "cosine" => ScheduleKind.Cosine,
                var other => Fail<ScheduleKind>(r, $"--schedule: '{other}' is not one of step, cosine"),
            },
        };
        var decayEpochs = IntOption("--step-epochs", "Epochs between learning-rate drops of the step schedule", 1, 1, 10_000);
        var gamma = FloatOption("--gamma", "Factor of each step-schedule drop", 0.1f, 0f, 1f);
        var seed = new Option<int>("--seed") { Description = "Seed of the shuffle and the dropout masks", DefaultValueFactory = _ => 0 };
        var trainCount = new Option<int?>("--train-count") { Description = "Train on the first N training examples only" };
        var testCount = new Option<int?>("--test-count") { Description = "Report the error on the first N test examples only" };
        var validationCount = new Option<int?>("--validation-count")
        {
            Description = "Hold out the last N training examples: train on the others and report the error on these instead of the test set",
        };
        var bits = IntOption("--bits", "A layer with at most 2^bits distinct nonzero values counts as quantized and trains its shared values", 8, 1, 16);
        var quantized = new Option<bool>("--quantized") { Description = "Train shared values in every layer, however many distinct values it has" };
        var teacher = new Option<FileInfo?>("--teacher")
        {
            Description = "Distil from this model (e.g. the uncompressed original): its logits become soft targets; it must normalise inputs as the model does",
            HelpName = "MODEL.onnx",
        };
        var distillation = new DistillationOptions();
        var augmentShift = IntOption("--augment-shift", "Shift each training image by up to N pixels in x and y (random, from --seed; 0: no augmentation)", 0, 0, 64);
        var threads = GlobalOptions.Threads();
        var command = new Command("finetune", "Retrain a pruned/quantized model: zeros stay zero, shared values stay shared (SGD with momentum)")
        {
            input, output, epochs, batchSize, learningRate, momentum, weightDecay, schedule, decayEpochs, gamma, seed, trainCount, testCount, validationCount, bits, quantized, teacher, augmentShift, threads,
            GlobalOptions.Json,
        };
        dataset.AddTo(command);
        distillation.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var model = OnnxModel.Load(inputPath);
            var normalization = dataset.Normalization(parseResult, model.Proto, inputPath);
            var teacherPath = parseResult.GetValue(teacher) is { } teacherFile ? InputFiles.RequireExisting(teacherFile) : null;
            if (teacherPath is null && distillation.FirstGiven(parseResult) is { } orphan)
            {
                throw new UsageException($"{orphan}: only means something with --teacher MODEL.onnx");
            }

            var teacherModel = teacherPath is null ? null : OnnxModel.Load(teacherPath);
            if (teacherModel is not null && dataset.Normalization(parseResult, teacherModel.Proto, teacherPath!) is var teacherNormalization && teacherNormalization != normalization)
            {
                throw new UsageException($"--teacher: {teacherPath} normalises its input as {teacherNormalization}, {inputPath} as {normalization}; distillation feeds both the same input");
            }

            var train = dataset.Load(parseResult, DatasetSplit.Train, normalization);
            var heldOut = parseResult.GetValue(validationCount);
            var test = heldOut is { } n ? HoldOut(train, n) : dataset.Load(parseResult, DatasetSplit.Test, normalization);
            var trainImages = DatasetOptions.Count(parseResult.GetValue(trainCount), train, "--train-count");
            if (heldOut is { } held && trainImages > train.Count - held)
            {
                trainImages = parseResult.GetValue(trainCount) is null
                    ? train.Count - held
                    : throw new UsageException($"--train-count {trainImages} overlaps the last {held} examples held out by --validation-count ({train.Count} in all)");
            }

            var testImages = DatasetOptions.Count(parseResult.GetValue(testCount), test, "--test-count");
            var evaluatedOn = heldOut is null ? "test" : "validation";
            if (trainImages < 1)
            {
                throw new UsageException("--train-count: at least one training example is needed");
            }

            var settings = new FinetuneSettings(parseResult.GetValue(epochs), parseResult.GetValue(batchSize), parseResult.GetValue(learningRate),
                parseResult.GetValue(momentum), parseResult.GetValue(weightDecay), parseResult.GetValue(schedule), parseResult.GetValue(decayEpochs),
                parseResult.GetValue(gamma), parseResult.GetValue(seed), parseResult.GetValue(threads))
            {
                Augmentation = parseResult.GetValue(augmentShift) is > 0 and var shift ? new ShiftAugmentation(shift, normalization.Apply(0f)) : null,
            };
            var graph = TrainingGraph.Build(model.Proto, new TrainingGraphOptions
            {
                Threads = settings.Threads,
                Seed = (ulong)(uint)settings.Seed,
                RecordNodeTimes = context.Verbose,
                InputGradient = false,
            });
            var imageShape = EvalInputShape.Resolve(inputPath, graph.InputName, graph.InputShape, train.Channels, train.Height, train.Width, train.Source);
            var layers = model.FindLayers().Where(l => graph.Parameters.Any(p => p.Name == l.Name)).ToList();
            var sharedLimit = 1 << parseResult.GetValue(bits);
            var forceShared = parseResult.GetValue(quantized);
            var constraints = new Dictionary<string, ParameterConstraint>(StringComparer.Ordinal);
            var before = new Dictionary<string, LayerStats>(StringComparer.Ordinal);
            foreach (var layer in layers)
            {
                var values = graph.Parameter(layer.Name).Value.Data;
                before[layer.Name] = LayerStats.Of(layer);
                var shared = forceShared || ModelQuantization.CountDistinct(values) <= sharedLimit;
                constraints[layer.Name] = shared ? ParameterConstraint.Shared(values) : ParameterConstraint.Pruned(values);
            }

            context.Log.Information("fine-tuning {Model}: {Train} training and {Test} {Set} examples, {Layers} layers ({Shared} with shared values)",
                inputPath, trainImages, testImages, evaluatedOn, layers.Count, constraints.Values.Count(c => c.IsShared));
            var optimizer = new SgdOptimizer(graph.Parameters, constraints, settings.Momentum, settings.WeightDecay);
            TeacherTargets? targets = null;
            if (teacherModel is not null)
            {
                var distillationSettings = distillation.Read(parseResult);
                targets = TeacherTargets.Create(teacherModel.Proto, teacherPath!, train, trainImages, distillationSettings, settings.Threads,
                    perBatch: settings.Augmentation is not null);
                context.Log.Information("distilling from {Teacher}: temperature {Temperature}, distillation weight {Weight}",
                    teacherPath, distillationSettings.Temperature, distillationSettings.Weight);
            }

            var history = FinetuneLoop.Run(graph, optimizer, settings, train, trainImages, test, testImages, imageShape, targets, context.Progress,
                e => LogEpoch(context, e, evaluatedOn));
            foreach (var node in graph.NodeTimes)
            {
                context.Log.Debug("{Node}: forward {Forward:F1} s, backward {Backward:F1} s", node.Label, node.Forward.TotalSeconds, node.Backward.TotalSeconds);
            }

            graph.WriteTo(model.Proto);
            foreach (var layer in layers)
            {
                layer.WriteWeights(graph.Parameter(layer.Name).Value.Data);
            }

            ModelFiles.SaveOnnx(model, outputPath);
            context.Log.Information("wrote {Output}", outputPath);
            Write(context, history, evaluatedOn, layers.Select(l => (Before: before[l.Name], After: LayerStats.Of(l), Shared: constraints[l.Name].IsShared)).ToList());
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The last <paramref name="count"/> examples of <paramref name="train"/>, copied, as a validation set.</summary>
    private static LabeledImages HoldOut(LabeledImages train, int count)
    {
        if (count < 1 || count >= train.Count)
        {
            throw new UsageException($"--validation-count: {count} must be between 1 and {train.Count - 1} (the {train.Count} examples of {train.Source})");
        }

        var first = train.Count - count;
        return new LabeledImages(train.Images[(first * train.ImageSize)..], train.Labels[first..], train.Channels, train.Height, train.Width,
            $"{train.Source} (examples {first}..{train.Count - 1}, held out)");
    }

    private static void LogEpoch(CommandContext context, FinetuneEpoch e, string evaluatedOn)
    {
        if (e.TrainLoss is { } loss)
        {
            context.Log.Information("epoch {Epoch}: lr {Rate:G4}, train loss {Loss:F4}, {Set} error {Error}, {Seconds:F1} s ({Cpu:F1} s CPU)",
                e.Epoch, e.LearningRate, loss, evaluatedOn, Formatting.Percent(e.TestTop1Error), e.Seconds, e.CpuSeconds);
        }
        else
        {
            context.Log.Information("before fine-tuning: {Set} error {Error}", evaluatedOn, Formatting.Percent(e.TestTop1Error));
        }
    }

    private static void Write(CommandContext context, IReadOnlyList<FinetuneEpoch> history, string evaluatedOn,
        IReadOnlyList<(LayerStats Before, LayerStats After, bool Shared)> layers)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                evaluated_on = evaluatedOn,
                epochs = history.Select(e => new { epoch = e.Epoch, learning_rate = e.LearningRate, train_loss = e.TrainLoss, test_top1_error = e.TestTop1Error, seconds = e.Seconds, cpu_seconds = e.CpuSeconds }),
                layers = layers.Select(l => new
                {
                    name = l.After.Name,
                    mode = l.Shared ? "shared" : "pruned",
                    nonzero_before = l.Before.NonZero,
                    nonzero_after = l.After.NonZero,
                    distinct_before = l.Before.DistinctNonZero,
                    distinct_after = l.After.DistinctNonZero,
                }),
            });
            return;
        }

        var table = new TextTable(">epoch", ">lr", ">train loss", $">{evaluatedOn} error", ">seconds");
        foreach (var e in history)
        {
            table.AddRow(e.Epoch.ToString(CultureInfo.InvariantCulture), e.TrainLoss is null ? "-" : e.LearningRate.ToString("G4", CultureInfo.InvariantCulture),
                e.TrainLoss is { } loss ? Formatting.Fixed(loss, 4) : "-", Formatting.Percent(e.TestTop1Error), Formatting.Fixed(e.Seconds, 1));
        }

        table.Write(context.Output);
        context.Output.WriteLine();
        var layerTable = new TextTable("layer", "mode", ">nonzero", ">distinct before", ">distinct after");
        foreach (var (b, a, shared) in layers)
        {
            layerTable.AddRow(a.Name, shared ? "shared" : "pruned", Formatting.Int(a.NonZero), Formatting.Int(b.DistinctNonZero), Formatting.Int(a.DistinctNonZero));
        }

        layerTable.Write(context.Output);
    }

    private static Option<int> IntOption(string name, string description, int defaultValue, int min, int max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { r => { if (r.GetValueOrDefault<int>() is var v && (v < min || v > max)) { r.AddError($"{name} must be between {min} and {max}"); } } },
    };

    private static Option<float> FloatOption(string name, string description, float defaultValue, float min, float max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        Validators = { r => { if (r.GetValueOrDefault<float>() is var v && !(v >= min && v <= max)) { r.AddError($"{name} must be between {min} and {max}"); } } },
    };

    private static T Fail<T>(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
