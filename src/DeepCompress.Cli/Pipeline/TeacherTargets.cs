using DeepCompress.Core.Data;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// A teacher's logits for the examples of a training batch, with the settings of the loss that reads them. The
/// teacher runs in inference mode on the engine's forward pass (bit-identical at any thread count). It is built as
/// a training graph because that stops at the logits (a trailing Softmax removed), which the temperature needs;
/// probabilities would lose the small logits' differences to rounding. Without augmentation an example's logits are
/// the same in every epoch, so they are computed once, before training; with it, per batch on the shifted images.
/// </summary>
public sealed class TeacherTargets
{
    private readonly TrainingGraph graph;
    private readonly int[] imageShape;
    private readonly float[]? precomputed;

    private TeacherTargets(TrainingGraph graph, int[] imageShape, float[]? precomputed, int classes, DistillationSettings settings)
    {
        this.graph = graph;
        this.imageShape = imageShape;
        this.precomputed = precomputed;
        Classes = classes;
        Settings = settings;
    }

    /// <summary>The teacher's classes; 0 until its first pass when it runs per batch.</summary>
    public int Classes { get; private set; }

    public DistillationSettings Settings { get; }

    /// <summary>
    /// Prepares <paramref name="teacher"/> for the first <paramref name="count"/> training examples: runs it over
    /// all of them now unless <paramref name="perBatch"/> (augmented inputs differ in every epoch).
    /// </summary>
    public static TeacherTargets Create(ModelProto teacher, string displayName, LabeledImages train, int count, DistillationSettings settings, int threads,
        bool perBatch)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        var graph = TrainingGraph.Build(teacher, new TrainingGraphOptions { Threads = threads, InputGradient = false });
        var imageShape = EvalInputShape.Resolve(displayName, graph.InputName, graph.InputShape, train.Channels, train.Height, train.Width, train.Source);
        if (perBatch)
        {
            return new TeacherTargets(graph, imageShape, null, 0, settings);
        }

        float[]? logits = null;
        var classes = 0;
        FinetuneLoop.Infer(graph, train, count, imageShape, (begin, batch, output) =>
        {
            if (logits is null)
            {
                classes = output.Length / batch;
                logits = new float[(long)count * classes <= Array.MaxLength ? count * classes
                    : throw new NotSupportedException($"{displayName}: {count} x {classes} teacher logits do not fit one array")];
            }

            output.CopyTo(logits.AsSpan(begin * classes));
        });

        return new TeacherTargets(graph, imageShape, logits ?? [], classes, settings);
    }

    /// <summary>The teacher's logits [example, class] for a batch: the training examples <paramref name="examples"/>, whose (augmented) inputs are <paramref name="images"/>.</summary>
    public float[] Logits(float[] images, ReadOnlySpan<int> examples)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (precomputed is null)
        {
            var output = graph.Forward(images, [examples.Length, .. imageShape], training: false, step: 0).Data;
            Classes = output.Length / examples.Length;
            return output;
        }

        var targets = new float[examples.Length * Classes];
        for (var i = 0; i < examples.Length; i++)
        {
            precomputed.AsSpan(examples[i] * Classes, Classes).CopyTo(targets.AsSpan(i * Classes));
        }

        return targets;
    }
}
