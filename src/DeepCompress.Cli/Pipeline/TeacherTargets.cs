using DeepCompress.Core.Data;
using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Training;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// A teacher's logits for every training example, laid out [example, class], with the settings of the loss that
/// reads them. The inputs are not augmented, so each example's logits are the same in every epoch and are computed
/// once, before training, by the engine's forward pass (bit-identical at any thread count).
/// </summary>
public sealed class TeacherTargets
{
    private const int Batch = 256;

    private TeacherTargets(float[] logits, int classes, DistillationSettings settings)
    {
        Logits = logits;
        Classes = classes;
        Settings = settings;
    }

    public float[] Logits { get; }

    public int Classes { get; }

    public DistillationSettings Settings { get; }

    /// <summary>
    /// Runs <paramref name="teacher"/> in inference mode over the first <paramref name="count"/> training examples.
    /// It is built as a training graph because that stops at the logits (a trailing Softmax removed), which the
    /// temperature needs; probabilities would lose the small logits' differences to rounding.
    /// </summary>
    public static TeacherTargets Compute(ModelProto teacher, string displayName, LabeledImages train, int count, DistillationSettings settings, int threads)
    {
        ArgumentNullException.ThrowIfNull(teacher);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(settings);
        var graph = TrainingGraph.Build(teacher, new TrainingGraphOptions { Threads = threads, InputGradient = false });
        var imageShape = EvalInputShape.Resolve(displayName, graph.InputName, graph.InputShape, train.Channels, train.Height, train.Width, train.Source);
        float[]? logits = null;
        var classes = 0;
        var imageSize = train.ImageSize;
        for (var begin = 0; begin < count; begin += Batch)
        {
            var batch = Math.Min(Batch, count - begin);
            var images = train.Images.AsSpan(begin * imageSize, batch * imageSize).ToArray();
            var output = graph.Forward(images, [batch, .. imageShape], training: false, step: 0).Data;
            if (logits is null)
            {
                classes = output.Length / batch;
                logits = new float[(long)count * classes <= Array.MaxLength ? count * classes : throw new NotSupportedException($"{displayName}: {count} x {classes} teacher logits do not fit one array")];
            }

            output.CopyTo(logits.AsSpan(begin * classes));
        }

        return new TeacherTargets(logits ?? [], classes, settings);
    }
}
