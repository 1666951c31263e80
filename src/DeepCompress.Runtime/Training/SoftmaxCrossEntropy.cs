namespace DeepCompress.Runtime.Training;

/// <summary>Mean cross-entropy of softmax(logits) against integer labels, with its gradient (softmax - one-hot) / batch.</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Returns the mean loss and writes d loss / d logits into <paramref name="gradient"/>.</summary>
    public static double Compute(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient)
    {
        var batch = labels.Length;
        if (batch == 0 || logits.Length % batch != 0 || gradient.Length != logits.Length)
        {
            throw new ArgumentException($"{logits.Length} logits and {gradient.Length} gradients do not split into {batch} rows");
        }

        var classes = logits.Length / batch;
        var loss = 0.0;
        for (var n = 0; n < batch; n++)
        {
            var label = labels[n];
            if (label < 0 || label >= classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"label of example {n} is not a class index below {classes}");
            }

            var row = logits.Slice(n * classes, classes);
            var max = double.NegativeInfinity;
            foreach (var v in row)
            {
                max = Math.Max(max, v);
            }

            var sum = 0.0;
            foreach (var v in row)
            {
                sum += Math.Exp(v - max);
            }

            loss += Math.Log(sum) + max - row[label];
            for (var c = 0; c < classes; c++)
            {
                var probability = Math.Exp(row[c] - max) / sum;
                gradient[n * classes + c] = (float)((probability - (c == label ? 1.0 : 0.0)) / batch);
            }
        }

        return loss / batch;
    }
}
