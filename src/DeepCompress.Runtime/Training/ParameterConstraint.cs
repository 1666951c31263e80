namespace DeepCompress.Runtime.Training;

/// <summary>
/// What a parameter's updates must preserve. Pruned: the zeros of the starting values stay exactly zero (the mask
/// applies to gradients and updates). Shared: every nonzero weight is one of a few centroids; the centroids train
/// on the summed gradients of their weights (Han et al. 2016, section 3.3), so the layer never holds more distinct
/// values than it started with.
/// </summary>
public sealed class ParameterConstraint
{
    private ParameterConstraint(bool[]? keep, int[]? cluster, float[]? centroids)
    {
        Keep = keep;
        Cluster = cluster;
        Centroids = centroids;
    }

    /// <summary>No constraint: every value trains.</summary>
    public static ParameterConstraint None { get; } = new(null, null, null);

    /// <summary>Where <paramref name="values"/> is nonzero; only those entries train.</summary>
    internal bool[]? Keep { get; }

    /// <summary>Per weight, the index of its centroid, or -1 for a pruned (zero) weight.</summary>
    internal int[]? Cluster { get; }

    /// <summary>The shared values, ascending; updated in place by the optimizer.</summary>
    public float[]? Centroids { get; }

    public bool IsShared => Centroids is not null;

    public static ParameterConstraint Pruned(ReadOnlySpan<float> values)
    {
        var keep = new bool[values.Length];
        for (var i = 0; i < keep.Length; i++)
        {
            keep[i] = values[i] != 0f;
        }

        return new ParameterConstraint(keep, null, null);
    }

    /// <summary>Takes every distinct nonzero value as a centroid (the layer was quantized before).</summary>
    public static ParameterConstraint Shared(ReadOnlySpan<float> values)
    {
        var centroids = new SortedSet<float>();
        foreach (var v in values)
        {
            if (v != 0f)
            {
                centroids.Add(v);
            }
        }

        var sorted = centroids.ToArray();
        var cluster = new int[values.Length];
        for (var i = 0; i < cluster.Length; i++)
        {
            cluster[i] = values[i] == 0f ? -1 : Array.BinarySearch(sorted, values[i]);
        }

        return new ParameterConstraint(null, cluster, sorted);
    }
}
