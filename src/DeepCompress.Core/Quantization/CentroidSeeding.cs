namespace DeepCompress.Core.Quantization;

/// <summary>
/// The initial centroids of each <see cref="CentroidInit"/>, computed from the sorted values so that the result
/// depends only on the multiset of values and the seed, not on their order in the layer.
/// </summary>
internal static class CentroidSeeding
{
    /// <summary>k ascending centroids (Density may repeat one); the values must hold more than k distinct values.</summary>
    public static float[] Seed(float[] sorted, int k, CentroidInit init, int seed) => init switch
    {
        CentroidInit.Linear => Linear(sorted, k),
        CentroidInit.Forgy => Forgy(sorted, k, seed),
        CentroidInit.Density => Density(sorted, k),
        CentroidInit.KMeansPlusPlus => KMeansPlusPlus(sorted, k, seed),
        _ => throw new ArgumentOutOfRangeException(nameof(init), init, "unknown centroid initialization"),
    };

    private static float[] Linear(float[] sorted, int k)
    {
        double min = sorted[0];
        double max = sorted[^1];
        if (k == 1)
        {
            return [(float)((min + max) * 0.5)];
        }

        var centroids = new float[k];
        var step = (max - min) / (k - 1);
        for (var j = 0; j < k; j++)
        {
            centroids[j] = (float)(min + (j * step));
        }

        // min + (k - 1) * step may round past max; pin the end exactly.
        centroids[^1] = (float)max;
        return centroids;
    }

    private static float[] Density(float[] sorted, int k)
    {
        var centroids = new float[k];
        for (var j = 0; j < k; j++)
        {
            var index = (long)Math.Floor((j + 0.5) * sorted.Length / k);
            centroids[j] = sorted[Math.Min(index, sorted.Length - 1)];
        }

        return centroids;
    }

    // Draws values without replacement by a sparse Fisher-Yates shuffle (only displaced slots are stored) until k
    // distinct ones are found; it ends because the values hold more than k distinct ones.
    private static float[] Forgy(float[] sorted, int k, int seed)
    {
        var random = new SplitMix64(seed);
        var displaced = new Dictionary<int, int>();
        var chosen = new HashSet<float>();
        var centroids = new float[k];
        for (var drawn = 0; chosen.Count < k; drawn++)
        {
            var slot = drawn + random.NextInt(sorted.Length - drawn);
            var index = displaced.GetValueOrDefault(slot, slot);
            displaced[slot] = displaced.GetValueOrDefault(drawn, drawn);
            if (chosen.Add(sorted[index]))
            {
                centroids[chosen.Count - 1] = sorted[index];
            }
        }

        Array.Sort(centroids);
        return centroids;
    }

    // D² seeding in 1-D: the chosen centres split the sorted values into segments (the values strictly between two
    // neighbouring centres), and a value's D² depends only on its segment's two bounding centres. Keeping one mass
    // (sum of D²) per segment, each new centre costs O(k) to pick a segment plus O(segment) to pick a value in it
    // and to recompute the two halves, instead of O(n) per centre.
    private static float[] KMeansPlusPlus(float[] sorted, int k, int seed)
    {
        var random = new SplitMix64(seed);
        var centres = new List<float>(k) { sorted[random.NextInt(sorted.Length)] };
        var masses = new List<double>(k + 1) { SegmentMass(sorted, centres, 0), SegmentMass(sorted, centres, 1) };
        while (centres.Count < k)
        {
            var total = 0.0;
            foreach (var mass in masses)
            {
                total += mass;
            }

            var (segment, residual) = ChooseSegment(masses, random.NextDouble() * total);
            var (from, to) = SegmentRange(sorted, centres, segment);
            var remaining = residual;
            var pick = to - 1;
            for (var i = from; i < to; i++)
            {
                remaining -= SquaredDistance(sorted[i], centres, segment);
                if (remaining < 0)
                {
                    pick = i;
                    break;
                }
            }

            centres.Insert(segment, sorted[pick]);
            masses[segment] = SegmentMass(sorted, centres, segment);
            masses.Insert(segment + 1, SegmentMass(sorted, centres, segment + 1));
        }

        return [.. centres];
    }

    // The first segment with positive mass whose cumulative mass passes the target, and the target's offset inside
    // it; rounding can leave the target past the end, which then falls on the last value of the last such segment.
    private static (int Segment, double Residual) ChooseSegment(List<double> masses, double target)
    {
        var last = -1;
        var before = 0.0;
        for (var s = 0; s < masses.Count; s++)
        {
            if (masses[s] > 0)
            {
                if (target < before + masses[s])
                {
                    return (s, target - before);
                }

                last = s;
            }

            before += masses[s];
        }

        return (last, masses[last]);
    }

    private static (int From, int To) SegmentRange(float[] sorted, List<float> centres, int segment)
    {
        var from = segment == 0 ? 0 : SortedSearch.CountAtMost(sorted, centres[segment - 1]);
        var to = segment == centres.Count ? sorted.Length : SortedSearch.CountBelow(sorted, centres[segment]);
        return (from, to);
    }

    private static double SegmentMass(float[] sorted, List<float> centres, int segment)
    {
        var (from, to) = SegmentRange(sorted, centres, segment);
        var mass = 0.0;
        for (var i = from; i < to; i++)
        {
            mass += SquaredDistance(sorted[i], centres, segment);
        }

        return mass;
    }

    private static double SquaredDistance(float value, List<float> centres, int segment)
    {
        var distance = double.PositiveInfinity;
        if (segment > 0)
        {
            distance = (double)value - centres[segment - 1];
        }

        if (segment < centres.Count)
        {
            distance = Math.Min(distance, (double)centres[segment] - value);
        }

        return distance * distance;
    }
}
