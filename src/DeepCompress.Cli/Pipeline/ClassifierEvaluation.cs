using DeepCompress.Core.Data;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Top-1 and top-5 error of a scorer over a labelled set, in batches.</summary>
public static class ClassifierEvaluation
{
    public static EvalResult Run(IBatchScorer scorer, LabeledImages data, int count, int batchSize, string displayName)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(data);
        // A model with a fixed batch dimension gets full batches; the last one is padded with zeros and its padding ignored.
        var batch = scorer.FixedBatch ?? batchSize;
        var imageSize = data.ImageSize;
        int? classes = null;
        var top1 = 0;
        var top5 = 0;
        for (var start = 0; start < count; start += batch)
        {
            var used = Math.Min(batch, count - start);
            var rows = scorer.FixedBatch ?? used;
            var images = new float[(long)rows * imageSize];
            data.Images.AsSpan(start * imageSize, used * imageSize).CopyTo(images);
            var scores = scorer.Score(images, rows);
            if (scores.Length % rows != 0 || scores.Length == 0)
            {
                throw new InvalidDataException($"{displayName}: the output has {scores.Length} values for a batch of {rows}, not a whole number of classes per image");
            }

            classes ??= scores.Length / rows;
            for (var i = 0; i < used; i++)
            {
                var label = data.Labels[start + i];
                if (label >= classes)
                {
                    throw new InvalidDataException($"{data.Source}: label {label} of image {start + i} is not below the model's {classes} classes");
                }

                var rank = Rank(scores.AsSpan(i * classes.Value, classes.Value), label);
                top1 += rank >= 1 ? 1 : 0;
                top5 += rank >= 5 ? 1 : 0;
            }
        }

        return new EvalResult(count, classes ?? 0, top1, top5);
    }

    /// <summary>
    /// How many classes beat the label: a higher score, or an equal score at a lower index (so ties never count in
    /// the model's favour). A NaN score of the label ranks last.
    /// </summary>
    public static int Rank(ReadOnlySpan<float> scores, int label)
    {
        var target = scores[label];
        if (float.IsNaN(target))
        {
            return scores.Length;
        }

        var rank = 0;
        for (var j = 0; j < scores.Length; j++)
        {
            if (scores[j] > target || (scores[j] == target && j < label))
            {
                rank++;
            }
        }

        return rank;
    }
}
