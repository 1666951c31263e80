using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Data;
using DeepCompress.Core.Pruning;
using DeepCompress.Onnx;
using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// The whole pipeline of Han et al. 2016 on a dataset: iterative magnitude pruning with masked retraining, k-means
/// weight sharing, centroid fine-tuning, encoding. Each layer's final sparsity is what `prune` would give the input
/// model with the same options; step k of K prunes round(k/K of that count) weights of the retrained model, so the
/// zeros of earlier steps stay zero (they are the smallest) and the last step reaches exactly the target count.
/// Every stage is scored on DeepCompress' engine over the same test images. Deterministic for a seed at any thread count.
/// With distillation, every training phase learns from the input model's logits as well as from the labels.
/// </summary>
public static class DataCompression
{
    public static IReadOnlyList<CompressionStage> Run(
        OnnxModel model,
        string inputPath,
        string outputPath,
        PruneSettings prune,
        QuantizeSettings quantize,
        DataCompressionSettings settings,
        LabeledImages train,
        int trainCount,
        LabeledImages test,
        int testCount,
        IProgressReporter progress,
        Action<CompressionStage> onStage,
        Action<string, FinetuneEpoch> onEpoch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(prune);
        ArgumentNullException.ThrowIfNull(quantize);
        ArgumentNullException.ThrowIfNull(settings);
        var layers = model.FindLayers();

        // Checked now, not after the hours of retraining that precede weight sharing.
        LayerNames.RequireKnown(layers, quantize.LayerBits.Select(o => o.Name));
        // The teacher is the input model as it is now, before any pruning.
        var teacher = settings.Distillation is { } distillation
            ? TeacherTargets.Create(model.Proto, inputPath, train, trainCount, distillation, settings.Training.Threads, perBatch: false)
            : null;
        var stages = new List<CompressionStage>();
        var phase = 0;
        // The encode row passes the sparsity measured before encoding, which moves the weights out of the model.
        void Record(string name, long bytes, EvalResult error, double? sparsity = null)
        {
            var stage = new CompressionStage(name, sparsity ?? Sparsity(layers), error, bytes);
            stages.Add(stage);
            onStage(stage);
        }

        EvalResult Score() => SparseEngineEvaluation.Run(model.Proto, null, test, testCount, settings.Training.Threads, inputPath);
        void Keep(string fileName)
        {
            if (settings.IntermediateDirectory is { } directory)
            {
                ModelFiles.SaveOnnx(model, Path.Combine(directory, fileName));
            }
        }

        void Train(string name, int epochs, float rate, Func<WeightLayer, bool> shared)
        {
            if (epochs > 0)
            {
                var training = settings.Training with { Epochs = epochs, LearningRate = rate, Seed = unchecked(settings.Training.Seed + phase) };
                Retrain(model, layers, training, shared, train, trainCount, inputPath, teacher, progress, e => onEpoch(name, e));
                Record(name, model.Proto.CalculateSize(), Score());
            }

            phase++;
        }

        Record("original", model.StoredBytes, Score());
        var targets = prune.PrunesAnything ? TargetZeros(layers, prune) : null;
        for (var step = 1; targets is not null && step <= settings.PruneSteps; step++)
        {
            var overrides = layers.Select((l, i) => new LayerOverride<double>(l.Name, PrunedFraction(targets[i], step, settings.PruneSteps, l.ElementCount)))
                .Where(o => o.Value > 0).ToList();
            ModelPruning.Apply(layers, new PruneSettings(null, null, overrides, PruneScope.Layer, 0));
            var suffix = settings.PruneSteps == 1 ? string.Empty : $" {step}/{settings.PruneSteps}";
            Record("prune" + suffix, model.Proto.CalculateSize(), Score());
            Train("retrain" + suffix, settings.RetrainEpochs, settings.Training.LearningRate, _ => false);
            Keep($"pruned-{step}-of-{settings.PruneSteps}.onnx");
        }

        var quantized = ModelQuantization.Apply(layers, quantize);
        Record("quantize", model.Proto.CalculateSize(), Score());
        Keep("quantized.onnx");
        var sharedLayers = layers.Where((_, i) => quantized[i].Bits is not null).Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        Train("fine-tune centroids", settings.CentroidEpochs, settings.CentroidLearningRate, l => sharedLayers.Contains(l.Name));
        if (settings.CentroidEpochs > 0)
        {
            Keep("centroids-tuned.onnx");
        }

        var sparsity = Sparsity(layers);
        var container = ContainerCodec.Encode(model, layers, quantize.BitsFor, model.StoredBytes, inputPath);
        var written = ContainerFiles.Write(container, outputPath);

        // The written file, read back, is what is scored: the row shows the error of the .dcz a user gets.
        var encoded = LoadedModel.Load(outputPath);
        Record("encode", written, SparseEngineEvaluation.Run(encoded.Graph, encoded.SparseWeights, test, testCount, settings.Training.Threads, outputPath), sparsity);
        return stages;
    }

    /// <summary>Zeros per layer that `prune` with these settings leaves in the input model (which is restored).</summary>
    private static int[] TargetZeros(IReadOnlyList<WeightLayer> layers, PruneSettings prune)
    {
        var originals = layers.Select(l => l.ReadWeights()).ToList();
        var results = ModelPruning.Apply(layers, prune);
        for (var i = 0; i < layers.Count; i++)
        {
            layers[i].WriteWeights(originals[i]);
        }

        return results.Select(r => r.Weights - r.NonZeroAfter).ToArray();
    }

    /// <summary>The sparsity whose round(s x n) is round(step/steps x target zeros): the count, exactly, as a fraction.</summary>
    private static double PrunedFraction(int targetZeros, int step, int steps, int weights) =>
        weights == 0 ? 0 : Math.Round((double)targetZeros * step / steps, MidpointRounding.AwayFromZero) / weights;

    private static void Retrain(OnnxModel model, IReadOnlyList<WeightLayer> layers, FinetuneSettings training, Func<WeightLayer, bool> shared,
        LabeledImages train, int trainCount, string displayName, TeacherTargets? teacher, IProgressReporter progress, Action<FinetuneEpoch> onEpoch)
    {
        var graph = TrainingGraph.Build(model.Proto, new TrainingGraphOptions { Threads = training.Threads, Seed = (ulong)(uint)training.Seed });
        var imageShape = EvalInputShape.Resolve(displayName, graph.InputName, graph.InputShape, train.Channels, train.Height, train.Width, train.Source);
        var trained = layers.Where(l => graph.Parameters.Any(p => p.Name == l.Name)).ToList();
        var constraints = trained.ToDictionary(
            l => l.Name,
            l => shared(l) ? ParameterConstraint.Shared(graph.Parameter(l.Name).Value.Data) : ParameterConstraint.Pruned(graph.Parameter(l.Name).Value.Data),
            StringComparer.Ordinal);
        var optimizer = new SgdOptimizer(graph.Parameters, constraints, training.Momentum, training.WeightDecay);

        // No test pass inside the loop (count 0): each stage is scored once, on the engine, by the caller.
        FinetuneLoop.Run(graph, optimizer, training, train, trainCount, train, 0, imageShape, teacher, progress, onEpoch);
        graph.WriteTo(model.Proto);
        foreach (var layer in trained)
        {
            layer.WriteWeights(graph.Parameter(layer.Name).Value.Data);
        }
    }

    private static double Sparsity(IReadOnlyList<WeightLayer> layers)
    {
        long weights = 0, nonZero = 0;
        foreach (var layer in layers)
        {
            var values = layer.ReadWeights();
            weights += values.Length;
            nonZero += MagnitudePruner.CountNonZeros(values);
        }

        return weights == 0 ? 0 : 1 - ((double)nonZero / weights);
    }
}
