namespace DeepCompress.Runtime.Training;

/// <summary>
/// Knowledge distillation (Hinton, Vinyals, Dean 2015): the mean over the batch of
/// A T^2 KL(softmax(teacher / T) || softmax(student / T)) + (1 - A) cross-entropy(softmax(student), labels).
/// The T^2 keeps the soft term's gradient, T (q - p), on the scale of the hard term's as T grows.
/// </summary>
public static class DistillationLoss
{
    /// <summary>Returns the mean loss and writes d loss / d student logits into <paramref name="gradient"/>.</summary>
    /// <param name="temperature">T, positive.</param>
    /// <param name="weight">A, the soft term's share, in [0, 1].</param>
    public static double Compute(ReadOnlySpan<float> studentLogits, ReadOnlySpan<float> teacherLogits, ReadOnlySpan<int> labels,
        float temperature, float weight, Span<float> gradient)
    {
        if (teacherLogits.Length != studentLogits.Length)
        {
            throw new ArgumentException($"{teacherLogits.Length} teacher logits for {studentLogits.Length} student logits");
        }

        if (!(temperature > 0) || !float.IsFinite(temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature must be positive and finite");
        }

        if (!(weight >= 0 && weight <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "the distillation weight must be in [0, 1]");
        }

        // The hard term and its gradient come from the plain loss; the soft term is added on top.
        var hard = SoftmaxCrossEntropy.Compute(studentLogits, labels, gradient);
        var batch = labels.Length;
        var classes = studentLogits.Length / batch;
        var hardShare = 1.0 - weight;
        for (var i = 0; i < gradient.Length; i++)
        {
            gradient[i] = (float)(gradient[i] * hardShare);
        }

        var teacher = new double[classes];
        var student = new double[classes];
        var soft = 0.0;
        var scale = (double)weight * temperature / batch;
        for (var n = 0; n < batch; n++)
        {
            var teacherLogSum = LogSoftmax(teacherLogits.Slice(n * classes, classes), temperature, teacher);
            var studentLogSum = LogSoftmax(studentLogits.Slice(n * classes, classes), temperature, student);
            for (var c = 0; c < classes; c++)
            {
                var p = Math.Exp(teacher[c] - teacherLogSum);
                var q = Math.Exp(student[c] - studentLogSum);
                // 0 log 0 = 0: a class the teacher rules out contributes nothing.
                if (p > 0)
                {
                    soft += p * ((teacher[c] - teacherLogSum) - (student[c] - studentLogSum));
                }

                gradient[n * classes + c] += (float)(scale * (q - p));
            }
        }

        return (weight * (double)temperature * temperature * soft / batch) + (hardShare * hard);
    }

    /// <summary>Writes row / T into <paramref name="scaled"/> and returns log sum exp of it.</summary>
    private static double LogSoftmax(ReadOnlySpan<float> row, float temperature, double[] scaled)
    {
        var max = double.NegativeInfinity;
        for (var c = 0; c < row.Length; c++)
        {
            scaled[c] = row[c] / (double)temperature;
            max = Math.Max(max, scaled[c]);
        }

        var sum = 0.0;
        foreach (var v in scaled)
        {
            sum += Math.Exp(v - max);
        }

        return max + Math.Log(sum);
    }
}
