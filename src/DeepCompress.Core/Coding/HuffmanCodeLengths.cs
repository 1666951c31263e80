namespace DeepCompress.Core.Coding;

/// <summary>
/// Optimal length-limited code lengths by package-merge (Larmore and Hirschberg 1990), deterministic: symbols are
/// ordered by (count, symbol value), and a leaf sorts before a package of equal weight.
/// </summary>
public static class HuffmanCodeLengths
{
    /// <summary>
    /// Returns one code length per symbol of <paramref name="counts"/> (0 for a symbol of count 0). A single used
    /// symbol gets length 1 (the one-symbol code, see docs/format.md); otherwise the lengths satisfy Kraft with
    /// equality and none exceeds <paramref name="maxLength"/>.
    /// </summary>
    public static byte[] Build(ReadOnlySpan<long> counts, int maxLength = CodingConstants.MaxCodeLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxLength, CodingConstants.MaxCodeLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(counts.Length, CodingConstants.MaxAlphabetSize, nameof(counts));

        var lengths = new byte[counts.Length];
        var used = new List<int>();
        for (var s = 0; s < counts.Length; s++)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(counts[s], nameof(counts));
            if (counts[s] > 0)
            {
                used.Add(s);
            }
        }

        if (used.Count == 0)
        {
            return lengths;
        }

        if (used.Count == 1)
        {
            lengths[used[0]] = 1;
            return lengths;
        }

        if (used.Count > (1L << maxLength))
        {
            throw new ArgumentException($"{used.Count} used symbols cannot be coded with codes of at most {maxLength} bits", nameof(counts));
        }

        var countsCopy = counts.ToArray();
        var leaves = used.ToArray();
        Array.Sort(leaves, (a, b) => countsCopy[a] != countsCopy[b] ? countsCopy[a].CompareTo(countsCopy[b]) : a.CompareTo(b));

        var n = leaves.Length;
        var leafWeights = new long[n];
        for (var i = 0; i < n; i++)
        {
            leafWeights[i] = countsCopy[leaves[i]];
        }

        // levels[0] is the deepest list (the leaves alone); each higher list merges the leaves with the packages
        // (adjacent pairs) of the list below. isLeaf records, per merged item, whether it is a leaf, which is all
        // the back-walk needs: the leaves taken at a level are always a prefix of the sorted leaves.
        var isLeaf = new bool[maxLength][];
        var previousWeights = leafWeights;
        isLeaf[0] = Enumerable.Repeat(true, n).ToArray();
        for (var level = 1; level < maxLength; level++)
        {
            var packageCount = previousWeights.Length / 2;
            var merged = new long[n + packageCount];
            var mergedIsLeaf = new bool[n + packageCount];
            int leaf = 0, package = 0, k = 0;
            while (leaf < n || package < packageCount)
            {
                var packageWeight = package < packageCount ? previousWeights[2 * package] + previousWeights[(2 * package) + 1] : long.MaxValue;
                if (leaf < n && leafWeights[leaf] <= packageWeight)
                {
                    merged[k] = leafWeights[leaf++];
                    mergedIsLeaf[k++] = true;
                }
                else
                {
                    merged[k] = packageWeight;
                    mergedIsLeaf[k++] = false;
                    package++;
                }
            }

            isLeaf[level] = mergedIsLeaf;
            previousWeights = merged;
        }

        var take = (2 * n) - 2;
        for (var level = maxLength - 1; level >= 0 && take > 0; level--)
        {
            var leavesTaken = 0;
            for (var i = 0; i < take; i++)
            {
                if (isLeaf[level][i])
                {
                    leavesTaken++;
                }
            }

            for (var i = 0; i < leavesTaken; i++)
            {
                lengths[leaves[i]]++;
            }

            take = 2 * (take - leavesTaken);
        }

        return lengths;
    }
}
