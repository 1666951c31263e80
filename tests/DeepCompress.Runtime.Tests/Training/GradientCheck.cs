using DeepCompress.Onnx.Proto;
using DeepCompress.Runtime.Training;
using DeepCompress.TestModels;

namespace DeepCompress.Runtime.Tests.Training;

/// <summary>
/// Central finite differences against a training graph's backward pass. The loss is L = sum_i r_i y_i over the
/// logits (seeded r), the mean cross-entropy or a given loss, accumulated in double; each analytic gradient entry must match
/// (L(x + eps) - L(x - eps)) / 2 eps within an absolute-plus-relative tolerance. Float32 forward rounding is far
/// below eps times the tolerance at these small shapes; a wrong backward is off by O(1) relative.
/// </summary>
internal static class GradientCheck
{
    private const float Epsilon = 1e-3f;
    private const double AbsoluteTolerance = 2e-3;
    private const double RelativeTolerance = 2e-2;

    public static ModelProto Model(OnnxGraphBuilder graph, int opset = 13) => new()
    {
        IrVersion = 8,
        OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = opset } },
        Graph = graph.Graph,
    };

    public static float[] Seeded(int count, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => ((2 * random.NextSingle()) - 1) * scale).ToArray();
    }

    /// <summary>Checks every parameter's and the input's gradient; returns how many entries were compared.</summary>
    /// <param name="loss">A loss of the logits that writes its gradient into the second array (instead of the default losses).</param>
    public static int Check(ModelProto model, int[] inputShape, int[]? labels = null, bool training = false, int seed = 5, Func<float[], float[], double>? loss = null)
    {
        var graph = TrainingGraph.Build(model, new TrainingGraphOptions { Seed = 9 });
        var input = Seeded(inputShape.Aggregate(1, (p, d) => p * d), seed);
        var logits = graph.Forward(input, inputShape, training, step: 3);
        var weights = Seeded(logits.Data.Length, seed + 1);
        if (loss is not null)
        {
            var gradient = new float[logits.Data.Length];
            loss(logits.Data, gradient);
            graph.Backward(gradient);
        }
        else if (labels is null)
        {
            graph.Backward((float[])weights.Clone());
        }
        else
        {
            graph.BackwardCrossEntropy(labels);
        }

        var compared = 0;
        double Loss()
        {
            var y = graph.Forward(input, inputShape, training, step: 3).Data;
            if (loss is not null)
            {
                return loss(y, new float[y.Length]);
            }

            if (labels is not null)
            {
                return SoftmaxCrossEntropy.Compute(y, labels, new float[y.Length]);
            }

            var sum = 0.0;
            for (var i = 0; i < y.Length; i++)
            {
                sum += (double)weights[i] * y[i];
            }

            return sum;
        }

        var targets = graph.Parameters.Select(p => (p.Name, Values: p.Value.Data, Analytic: (float[])p.Gradient.Clone()))
            .Append(("input", input, graph.InputGradient ?? new float[input.Length]))
            .ToList();
        foreach (var (name, values, analytic) in targets)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var original = values[i];
                values[i] = original + Epsilon;
                var plus = Loss();
                values[i] = original - Epsilon;
                var minus = Loss();
                values[i] = original;
                var numeric = (plus - minus) / (2.0 * Epsilon);
                var tolerance = AbsoluteTolerance + RelativeTolerance * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
                Assert.True(Math.Abs(numeric - analytic[i]) <= tolerance, $"d L / d {name}[{i}]: backward {analytic[i]}, finite difference {numeric}");
                compared++;
            }
        }

        return compared;
    }
}
