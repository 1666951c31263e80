using System.Buffers;
using System.Runtime.ExceptionServices;
using DeepCompress.Core.Pruning;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Prunes one layer of a streamed model by an exact sparsity (or only drops its zeros) and keeps its survivors,
/// without the layer's own array when it is in external data: <see cref="BlockMagnitudePruner"/> reads it three times
/// in blocks of one small buffer that stays in cache between the read and the pass over it (a fresh layer-sized array
/// cost more in page faults than the passes themselves). Large layers are split in parts read on several threads.
/// </summary>
public static class StreamedLayerPruning
{
    /// <summary>256 KiB of floats: the block read and then scanned while it is still in the core's L2 cache.</summary>
    private const int BlockElements = 1 << 16;

    /// <summary>Below this many weights per part another thread costs more than it saves.</summary>
    private const int MinElementsPerPart = 1 << 20;

    /// <summary>
    /// The survivors of pruning the layer's weights to <paramref name="sparsity"/> (null: only the zeros go), as
    /// <see cref="MagnitudePruner.PruneSmallest"/> leaves them. The result is the same at any <paramref name="threads"/>.
    /// </summary>
    public static PrunedWeights Prune(StreamedOnnxModel model, WeightLayer layer, double? sparsity, int threads)
    {
        var elementCount = layer.ElementCount;
        var dense = model.IsExternal(layer) ? null : model.ReadWeights(layer);
        var pruner = new BlockMagnitudePruner(elementCount, Math.Max(1, Math.Min(threads, elementCount / MinElementsPerPart)), "weights");
        ForEachPart(pruner.PartCount, threads, part => ForEachBlock(model, layer, dense, pruner.PartRange(part), block => pruner.Count(part, block)));
        pruner.Choose(sparsity is { } s ? MagnitudePruner.CountForSparsity(elementCount, s) : 0);
        ForEachPart(pruner.PartCount, threads, part => ForEachBlock(model, layer, dense, pruner.PartRange(part), block => pruner.Measure(part, block)));
        pruner.Cut();
        ForEachPart(pruner.PartCount, threads, part => ForEachBlock(model, layer, dense, pruner.PartRange(part), block => pruner.Extract(part, block)));
        return pruner.Finish();
    }

    /// <summary>Runs every part, concurrently when there are several; rethrows the first part's exception as it is.</summary>
    private static void ForEachPart(int partCount, int threads, Action<int> run)
    {
        if (partCount == 1)
        {
            run(0);
            return;
        }

        var failures = new Exception?[partCount];
        Parallel.For(0, partCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, part =>
        {
            try
            {
                run(part);
            }
            catch (Exception ex)
            {
                failures[part] = ex;
            }
        });
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static void ForEachBlock(
        StreamedOnnxModel model, WeightLayer layer, float[]? dense, (int First, int Length) range, Action<ReadOnlySpan<float>> visit)
    {
        if (dense is not null)
        {
            visit(dense.AsSpan(range.First, range.Length));
            return;
        }

        var buffer = ArrayPool<float>.Shared.Rent(BlockElements);
        try
        {
            for (var done = 0; done < range.Length; done += BlockElements)
            {
                var block = buffer.AsSpan(0, Math.Min(BlockElements, range.Length - done));
                model.ReadWeights(layer, range.First + done, block);
                visit(block);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
