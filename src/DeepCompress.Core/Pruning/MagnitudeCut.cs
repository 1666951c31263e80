namespace DeepCompress.Core.Pruning;

/// <summary>
/// Where a magnitude selection cuts: every weight whose magnitude key is below <see cref="Key"/> is pruned, and so
/// are the first <see cref="TiesToPrune"/> weights (in layer order, then index order) whose key equals it.
/// </summary>
/// <param name="Key">The bit pattern of |w| (sign cleared) of the last weight to prune.</param>
/// <param name="TiesToPrune">How many weights with exactly that key are pruned.</param>
internal readonly record struct MagnitudeCut(uint Key, long TiesToPrune);
