namespace DeepCompress.Cli.Pipeline;

/// <summary>Computes class scores for a batch of images with one runtime.</summary>
public interface IBatchScorer : IDisposable
{
    /// <summary>Dimensions of one image as the model takes it (the batch dimension excluded).</summary>
    IReadOnlyList<int> ImageShape { get; }

    /// <summary>The batch size the model requires, or null when its batch dimension is symbolic.</summary>
    int? FixedBatch { get; }

    /// <summary>Scores of <paramref name="batch"/> images, laid out [batch, classes].</summary>
    float[] Score(float[] images, int batch);
}
