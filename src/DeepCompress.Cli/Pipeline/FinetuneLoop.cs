using System.Diagnostics;
using System.Globalization;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Data;
using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Minibatch SGD over a training subset with a seeded shuffle per epoch, then top-1 error on the test subset.
/// Everything that decides a result (shuffle, dropout masks, summation order) depends only on the seed. With
/// <see cref="TeacherTargets"/>, the loss is the distillation loss against the teacher's logits of each example.
/// </summary>
public static class FinetuneLoop
{
    private const int EvaluationBatch = 256;

    public static IReadOnlyList<FinetuneEpoch> Run(
        TrainingGraph graph,
        SgdOptimizer optimizer,
        FinetuneSettings settings,
        LabeledImages train,
        int trainCount,
        LabeledImages test,
        int testCount,
        int[] imageShape,
        TeacherTargets? teacher,
        IProgressReporter progress,
        Action<FinetuneEpoch> onEpoch)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var stepsPerEpoch = (trainCount + settings.BatchSize - 1) / settings.BatchSize;
        var schedule = new LearningRateSchedule(settings.Schedule, settings.LearningRate, stepsPerEpoch * settings.Epochs, stepsPerEpoch, settings.DecayEpochs, settings.Gamma);
        var epochs = new List<FinetuneEpoch>();
        var start = new FinetuneEpoch(0, 0, null, TestError(graph, test, testCount, imageShape), 0);
        epochs.Add(start);
        onEpoch(start);
        var random = new Random(settings.Seed);
        var order = Enumerable.Range(0, trainCount).ToArray();
        var imageSize = train.ImageSize;
        var step = 0;
        using var process = Process.GetCurrentProcess();
        // Reused for every full batch; only a shorter last batch gets arrays of its own.
        var batchImages = new float[settings.BatchSize * imageSize];
        var batchLabels = new int[settings.BatchSize];
        var augmentation = settings.Augmentation;
        var shifts = augmentation?.CreateRandom(settings.Seed);
        // About a hundred updates per epoch: enough to watch, too few to cost anything.
        var progressEvery = Math.Max(1, stepsPerEpoch / 100);
        for (var epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            random.Shuffle(order);
            var lossSum = 0.0;
            var epochRate = schedule.Rate(step);
            for (var begin = 0; begin < trainCount; begin += settings.BatchSize)
            {
                var batch = Math.Min(settings.BatchSize, trainCount - begin);
                var images = batch == settings.BatchSize ? batchImages : new float[batch * imageSize];
                var labels = batch == settings.BatchSize ? batchLabels : new int[batch];
                for (var i = 0; i < batch; i++)
                {
                    var index = order[begin + i];
                    var image = train.Images.AsSpan(index * imageSize, imageSize);
                    if (augmentation is null || shifts is null)
                    {
                        image.CopyTo(images.AsSpan(i * imageSize));
                    }
                    else
                    {
                        augmentation.Apply(image, images.AsSpan(i * imageSize, imageSize), train.Channels, train.Height, train.Width, shifts);
                    }

                    labels[i] = train.Labels[index];
                }

                var logits = graph.Forward(images, [batch, .. imageShape], training: true, step).Data;
                var classes = logits.Length / batch;
                foreach (var label in labels)
                {
                    if (label >= classes)
                    {
                        throw new InvalidDataException($"{train.Source}: label {label} is not below the model's {classes} classes");
                    }
                }

                var loss = teacher is null
                    ? graph.BackwardCrossEntropy(labels)
                    : BackwardDistillation(graph, teacher, logits, labels, teacher.Logits(images, order.AsSpan(begin, batch)));
                lossSum += loss * batch;
                optimizer.Step(schedule.Rate(step));
                step++;
                var done = (begin / settings.BatchSize) + 1;
                if (done % progressEvery == 0 || done == stepsPerEpoch)
                {
                    progress.Report($"finetune epoch {epoch}/{settings.Epochs}, batch", done, stepsPerEpoch, string.Create(CultureInfo.InvariantCulture, $"loss {loss:F4}"));
                }
            }

            progress.Clear();

            var trainSeconds = clock.Elapsed.TotalSeconds;
            process.Refresh();
            var cpuSeconds = (process.TotalProcessorTime - cpuStart).TotalSeconds;
            var result = new FinetuneEpoch(epoch, epochRate, lossSum / trainCount, TestError(graph, test, testCount, imageShape), trainSeconds)
            {
                CpuSeconds = cpuSeconds,
            };
            epochs.Add(result);
            onEpoch(result);
        }

        return epochs;
    }

    /// <summary>Backpropagates the distillation loss of the last forward pass against the teacher's logits of the batch.</summary>
    private static double BackwardDistillation(TrainingGraph graph, TeacherTargets teacher, float[] logits, int[] labels, float[] targets)
    {
        if (logits.Length != targets.Length)
        {
            throw new NotSupportedException($"the teacher gives {teacher.Classes} classes, the model {logits.Length / labels.Length}: distillation needs the same classes");
        }

        var gradient = new float[logits.Length];
        var loss = DistillationLoss.Compute(logits, targets, labels, teacher.Settings.Temperature, teacher.Settings.Weight, gradient);
        graph.Backward(gradient);
        return loss;
    }

    /// <summary>Top-1 error of the graph in inference mode over the first <paramref name="count"/> test images.</summary>
    public static double TestError(TrainingGraph graph, LabeledImages test, int count, int[] imageShape)
    {
        if (count == 0)
        {
            return 0;
        }

        var errors = 0;
        Infer(graph, test, count, imageShape, (begin, batch, logits) =>
        {
            var classes = logits.Length / batch;
            for (var i = 0; i < batch; i++)
            {
                var label = test.Labels[begin + i];
                if (label >= classes)
                {
                    throw new InvalidDataException($"{test.Source}: label {label} of image {begin + i} is not below the model's {classes} classes");
                }

                errors += ClassifierEvaluation.Rank(logits.AsSpan(i * classes, classes), label) >= 1 ? 1 : 0;
            }
        });
        return (double)errors / count;
    }

    /// <summary>Runs the graph in inference mode over the first <paramref name="count"/> examples, a batch at a time: (first example, batch size, logits).</summary>
    public static void Infer(TrainingGraph graph, LabeledImages data, int count, int[] imageShape, Action<int, int, float[]> onBatch)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(onBatch);
        var imageSize = data.ImageSize;
        for (var begin = 0; begin < count; begin += EvaluationBatch)
        {
            var batch = Math.Min(EvaluationBatch, count - begin);
            var images = data.Images.AsSpan(begin * imageSize, batch * imageSize).ToArray();
            onBatch(begin, batch, graph.Forward(images, [batch, .. imageShape], training: false, step: 0).Data);
        }
    }
}
