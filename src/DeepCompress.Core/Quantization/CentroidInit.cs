namespace DeepCompress.Core.Quantization;

/// <summary>How <see cref="KMeans1D"/> places its first centroids (Han, Mao, Dally 2016, section 3.2).</summary>
public enum CentroidInit
{
    /// <summary>Evenly spaced between the smallest and largest value (the paper's best for accuracy).</summary>
    Linear,

    /// <summary>k distinct values drawn at random from the data (seeded).</summary>
    Forgy,

    /// <summary>Evenly spaced on the y-axis of the values' CDF: the quantiles at (j + 0.5) / k.</summary>
    Density,

    /// <summary>Arthur and Vassilvitskii's D² seeding (seeded).</summary>
    KMeansPlusPlus,
}
