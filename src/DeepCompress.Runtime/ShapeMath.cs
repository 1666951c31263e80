namespace DeepCompress.Runtime;

/// <summary>Element counts, strides and axis normalisation shared by the operators.</summary>
internal static class ShapeMath
{
    public static int ElementCount(ReadOnlySpan<int> dims, string what)
    {
        long count = 1;
        foreach (var d in dims)
        {
            if (d < 0)
            {
                throw new InvalidDataException($"{what}: negative dimension {d} in shape [{string.Join(",", dims.ToArray())}]");
            }

            count *= d;
            if (count > Array.MaxLength)
            {
                throw new NotSupportedException($"{what}: shape [{string.Join(",", dims.ToArray())}] exceeds the {Array.MaxLength}-element limit");
            }
        }

        return (int)count;
    }

    public static int Product(ReadOnlySpan<int> dims)
    {
        long count = 1;
        foreach (var d in dims)
        {
            count *= d;
        }

        return checked((int)count);
    }

    public static int[] Strides(ReadOnlySpan<int> dims)
    {
        var strides = new int[dims.Length];
        var s = 1;
        for (var i = dims.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= dims[i];
        }

        return strides;
    }

    /// <summary>Maps a possibly negative axis into [0, rank); throws naming the node when out of range.</summary>
    public static int NormalizeAxis(long axis, int rank, string node)
    {
        if (axis < -rank || axis >= Math.Max(rank, 1))
        {
            throw new InvalidDataException($"node '{node}': axis {axis} is outside [{-rank}, {rank - 1}] for a rank-{rank} input");
        }

        return (int)(axis < 0 ? axis + rank : axis);
    }

    /// <summary>Multidirectional (numpy) broadcast of two shapes.</summary>
    public static int[] Broadcast(int[] a, int[] b, string node)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            var db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new InvalidDataException(
                    $"node '{node}': shapes [{string.Join(",", a)}] and [{string.Join(",", b)}] do not broadcast (dimension {i}: {da} vs {db})");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>Strides of <paramref name="dims"/> viewed under the broadcast shape of rank <paramref name="rank"/> (0 where broadcast).</summary>
    public static int[] BroadcastStrides(int[] dims, int[] target)
    {
        var own = Strides(dims);
        var result = new int[target.Length];
        var offset = target.Length - dims.Length;
        for (var i = 0; i < dims.Length; i++)
        {
            result[i + offset] = dims[i] == 1 && target[i + offset] != 1 ? 0 : own[i];
        }

        return result;
    }

    public static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(",", dims.ToArray()) + "]";
}
