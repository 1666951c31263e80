using DeepCompress.Runtime.Training;
using DeepCompress.TestModels;
using static DeepCompress.TestModels.OnnxGraphBuilder;

namespace DeepCompress.Runtime.Tests.Training;

public class DistillationLossTests
{
    private static readonly int[] Labels = [2, 0, 6];

    [Theory]
    [InlineData(1f, 0.5f)]
    [InlineData(4f, 0.9f)]
    [InlineData(10f, 1f)]
    [InlineData(0.5f, 0.3f)]
    public void GradientMatchesFiniteDifferences(float temperature, float weight)
    {
        const double epsilon = 1e-3;
        var student = GradientCheck.Seeded(Labels.Length * 7, 3, scale: 4f);
        var teacher = GradientCheck.Seeded(Labels.Length * 7, 4, scale: 6f);
        var gradient = new float[student.Length];
        DistillationLoss.Compute(student, teacher, Labels, temperature, weight, gradient);

        for (var i = 0; i < student.Length; i++)
        {
            var original = student[i];
            student[i] = (float)(original + epsilon);
            var plus = DistillationLoss.Compute(student, teacher, Labels, temperature, weight, new float[student.Length]);
            student[i] = (float)(original - epsilon);
            var minus = DistillationLoss.Compute(student, teacher, Labels, temperature, weight, new float[student.Length]);
            student[i] = original;
            // The perturbation is rounded to float; divide by the step actually taken.
            var step = (double)(float)(original + epsilon) - (float)(original - epsilon);
            var numeric = (plus - minus) / step;
            Assert.True(Math.Abs(numeric - gradient[i]) <= 1e-4 + (1e-3 * Math.Abs(numeric)), $"logit {i}: analytic {gradient[i]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void WeightZeroIsCrossEntropyAndAMatchingTeacherAddsNothing()
    {
        var student = GradientCheck.Seeded(Labels.Length * 7, 3, scale: 4f);
        var expected = new float[student.Length];
        var crossEntropy = SoftmaxCrossEntropy.Compute(student, Labels, expected);
        var gradient = new float[student.Length];

        Assert.Equal(crossEntropy, DistillationLoss.Compute(student, GradientCheck.Seeded(student.Length, 9), Labels, 4f, 0f, gradient));
        Assert.Equal(expected, gradient);

        // Only the soft term, against the student itself: KL is zero and so is its gradient.
        Assert.Equal(0, DistillationLoss.Compute(student, student, Labels, 4f, 1f, gradient), 12);
        Assert.All(gradient, g => Assert.Equal(0f, g, 1e-7f));
    }

    [Fact]
    public void SoftTermMovesTheStudentTowardsTheTeacher()
    {
        // One example, three classes: the teacher prefers class 1, the label is 0. With all the weight on the soft
        // term, only class 1's gradient is negative: a descent step raises that logit and lowers the others.
        var gradient = new float[3];
        DistillationLoss.Compute([0f, 0f, 0f], [0f, 5f, 0f], [0], 2f, 1f, gradient);

        Assert.True(gradient[1] < 0 && gradient[0] > 0 && gradient[2] > 0, string.Join(", ", gradient));
    }

    [Fact]
    public void GradientThroughAGraphMatchesFiniteDifferences()
    {
        var graph = new OnnxGraphBuilder("mlp", new Random(8));
        graph.Input("x", Onnx.Proto.TensorProto.Types.DataType.Float, "batch", 6);
        var h = graph.Node("Gemm", "fc1", ["x", graph.RandomWeight("fc1.weight", 6, 5, 6), graph.RandomWeight("fc1.bias", 6, 5)], IntAttribute("transB", 1));
        var r = graph.Node("Relu", "r", [h]);
        var fc = graph.Node("Gemm", "fc2", [r, graph.RandomWeight("fc2.weight", 5, 4, 5), graph.RandomWeight("fc2.bias", 5, 4)], IntAttribute("transB", 1));
        graph.Node("Softmax", "output", [fc], IntAttribute("axis", 1));
        graph.Output("output", Onnx.Proto.TensorProto.Types.DataType.Float, "batch", 4);
        var teacher = GradientCheck.Seeded(3 * 4, 11, scale: 3f);

        var compared = GradientCheck.Check(GradientCheck.Model(graph), [3, 6],
            loss: (logits, gradient) => DistillationLoss.Compute(logits, teacher, [1, 3, 0], 3f, 0.7f, gradient));

        Assert.Equal((5 * 6) + 5 + (4 * 5) + 4 + (3 * 6), compared);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var gradient = new float[6];
        Assert.Throws<ArgumentException>(() => DistillationLoss.Compute(new float[6], new float[3], [0, 1], 4f, 0.5f, gradient));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationLoss.Compute(new float[6], new float[6], [0, 1], 0f, 0.5f, gradient));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationLoss.Compute(new float[6], new float[6], [0, 1], 4f, 1.5f, gradient));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistillationLoss.Compute(new float[6], new float[6], [0, 1], float.NaN, 0.5f, gradient));
    }
}
