using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.IO;
using DeepCompress.Format;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// `compress` one layer at a time: read a layer (from external data when the model has it), prune, quantize and
/// encode it, write its section, drop it. Memory holds the graph, one layer and its encoding, never the whole
/// model; the container is byte-identical to prune, quantize and encode run in turn (each is per layer, and the
/// layers are written in the same order).
/// </summary>
public static class StreamingCompression
{
    /// <summary>Layers from this size on are collected right after they are written (see <see cref="ReleaseLargeLayer"/>).</summary>
    private const long LargeLayerBytes = 16L << 20;

    /// <summary>Layers prepared at once when there are threads to spare: one written (or finishing), one being read.</summary>
    private const int LayersInFlight = 2;

    /// <summary>Whether the settings let layers be handled one at a time: --scope global needs all of them at once.</summary>
    public static bool Supports(PruneSettings prune) => !prune.PrunesAnything || prune.Scope != PruneScope.Global;

    /// <summary>Compresses <paramref name="inputPath"/> into <paramref name="outputPath"/> (atomically); returns the per-layer results.</summary>
    public static StreamingCompressionResult Run(
        string inputPath, string outputPath, PruneSettings prune, QuantizeSettings quantize, IProgressReporter progress)
    {
        if (!Supports(prune))
        {
            throw new ArgumentException("--scope global prunes all layers with one threshold; use the in-memory path", nameof(prune));
        }

        var timeline = new CompressionTimeline();
        using var model = StreamedOnnxModel.Open(inputPath);
        var layers = model.FindLayers();
        if (prune.PrunesAnything)
        {
            ModelPruning.Validate(layers, prune);
        }

        ModelQuantization.Validate(layers, quantize);
        var pruned = new List<LayerPruneResult>();

        // Layers left unquantized (below --min-size) stay raw tensors in the graph, as encode keeps them, so they are
        // pruned in place before the graph is serialized; the others leave the graph and follow it as sections.
        var compressed = new List<WeightLayer>();
        foreach (var layer in layers)
        {
            if (quantize.BitsFor(layer) is not null)
            {
                compressed.Add(layer);
                model.Detach(layer);
                continue;
            }

            model.Inline(layer.Tensor);
            if (prune.PrunesAnything)
            {
                var weights = layer.ReadWeights();
                pruned.Add(ModelPruning.PruneLayer(layer, weights, prune, out var changed));
                if (changed)
                {
                    layer.WriteWeights(weights);
                }
            }
        }

        var graph = timeline.Time("", "graph", () => model.ToSelfContained().ToBytes());
        var metadata = ContainerCodec.Metadata(model.StoredBytes);
        ModelFiles.WriteGuard(outputPath, () => AtomicFile.Write(outputPath, stream =>
        {
            // With two or more threads the next layer is pruned and clustered while this one finishes: the layers
            // are independent and are written in model order, so the bytes do not depend on the thread count. The
            // writer itself opens on another thread too: Brotli at its best quality takes a quarter of a second on
            // VGG-16's graph (its biases are incompressible floats), and no layer needs it until it is written.
            // Until it is open, and while an earlier layer is still being prepared, prepared layers wait instead of
            // holding up the next ones: a prepared layer is only its encoded section, and those add up to the output,
            // which the memory bound allows for. `depth` bounds the layers being prepared at once.
            var depth = Math.Clamp(quantize.Threads, 1, LayersInFlight);
            DczStreamWriter Open() => timeline.Time("", "open", () => new DczStreamWriter(stream, graph, metadata, compressed.Count));
            var opening = depth > 1 ? Task.Run(Open) : Task.FromResult(Open());
            var prepared = new Task<PreparedLayer>?[compressed.Count];
            var written = 0;
            try
            {
                foreach (var index in PreparationOrder(compressed, depth))
                {
                    WaitForRoom(prepared, depth);
                    var layer = compressed[index];
                    prepared[index] = depth > 1
                        ? Task.Run(() => Prepare(model, layer, prune, quantize, timeline))
                        : Task.FromResult(Prepare(model, layer, prune, quantize, timeline));
                    if (opening.IsCompleted)
                    {
                        written = WritePrepared(opening.GetAwaiter().GetResult(), prepared, written, wait: false, pruned, progress, timeline);
                    }
                }

                var writer = opening.GetAwaiter().GetResult();
                WritePrepared(writer, prepared, written, wait: true, pruned, progress, timeline);
                writer.Complete();
            }
            catch
            {
                // A failed layer ends the command, but the model is disposed on the way out: let the layers still
                // being read finish first (their own errors add nothing to the first one).
                foreach (IAsyncResult pending in prepared.OfType<Task>().Append(opening))
                {
                    pending.AsyncWaitHandle.WaitOne();
                }

                throw;
            }
        }));
        progress.Clear();
        return new StreamingCompressionResult(pruned, compressed.Count, model.StoredBytes, new FileInfo(outputPath).Length, timeline);
    }

    /// <summary>One layer read, pruned, clustered and encoded, ready to be appended.</summary>
    private static PreparedLayer Prepare(StreamedOnnxModel model, WeightLayer layer, PruneSettings prune, QuantizeSettings quantize, CompressionTimeline timeline)
    {
        // The dense layer exists at most while it is read and pruned; k-means and the encoder work on the nonzeros
        // alone.
        var (nonZero, pruneResult) = timeline.Time(layer.Name, "prune", () => ReadPrunedNonZeros(model, layer, prune, quantize.Threads));
        timeline.Time(layer.Name, "collect", () => ReleaseLargeLayer(layer.ElementCount));

        // The positions are encoded on another core while the values are clustered: the two depend only on the
        // pruning, and the bytes are the same either way.
        EncodedPositions EncodePositions() => timeline.Time(layer.Name, "positions", () => DczWriter.EncodePositions(nonZero.Index));
        var positions = quantize.Threads > 1 ? Task.Run(EncodePositions) : Task.FromResult(EncodePositions());
        var bits = quantize.BitsFor(layer)!.Value;
        var encoded = nonZero.Values.Length > 0
            ? ContainerCodec.EncodeClusteredLayer(layer, nonZero.Index, timeline.Time(layer.Name, "k-means", () => ModelQuantization.Cluster(nonZero.Values, bits, quantize)))
            : ContainerCodec.EncodeSharedLayer(layer, nonZero, bits);
        // Encoded here rather than by the writer: the codes' Huffman coding of one layer then runs on this core while the
        // writer appends the layer before it.
        var positionsDone = positions.GetAwaiter().GetResult();
        return new PreparedLayer(timeline.Time(layer.Name, "encode", () => DczWriter.EncodeLayer(encoded, positionsDone)), pruneResult);
    }

    /// <summary>
    /// The order layers are prepared in: model order on one thread; on more, the largest layer first. Its chain of
    /// steps (read and prune, k-means, codes, encoding) is the longest, and started first it runs while the other
    /// core prepares the rest, instead of leaving that core idle at the end (VGG-16's fc6 is 74% of its weights).
    /// The layers are still written in model order, so the bytes are the same.
    /// </summary>
    private static IEnumerable<int> PreparationOrder(List<WeightLayer> layers, int depth)
    {
        var order = Enumerable.Range(0, layers.Count);
        if (depth == 1 || layers.Count == 0)
        {
            return order;
        }

        var largest = order.MaxBy(i => layers[i].ElementCount);
        return order.Where(i => i != largest).Prepend(largest);
    }

    /// <summary>Waits until fewer than <paramref name="depth"/> layers are being prepared; rethrows a failed one's exception.</summary>
    private static void WaitForRoom(Task<PreparedLayer>?[] prepared, int depth)
    {
        while (true)
        {
            if (prepared.FirstOrDefault(t => t is { IsFaulted: true }) is { } failed)
            {
                failed.GetAwaiter().GetResult();
            }

            var running = prepared.OfType<Task<PreparedLayer>>().Where(t => !t.IsCompleted).ToArray();
            if (running.Length < depth)
            {
                return;
            }

            Task.WaitAny(running);
        }
    }

    /// <summary>
    /// Writes the prepared layers from model index <paramref name="written"/> on, in model order, up to the first
    /// one not started or not finished (<paramref name="wait"/>: waiting for each); returns the new count written.
    /// </summary>
    private static int WritePrepared(
        DczStreamWriter writer, Task<PreparedLayer>?[] prepared, int written, bool wait, List<LayerPruneResult> pruned, IProgressReporter progress, CompressionTimeline timeline)
    {
        while (written < prepared.Length && prepared[written] is { } head && (wait || head.IsCompleted))
        {
            var next = head.GetAwaiter().GetResult();
            prepared[written++] = null;
            timeline.Time(next.Layer.Name, "write", () => writer.Append(next.Layer));
            timeline.Time(next.Layer.Name, "collect", () => ReleaseLargeLayer(next.Layer.ElementCount));
            if (next.Pruned is not null)
            {
                pruned.Add(next.Pruned);
            }

            progress.Report("compress", writer.LayersWritten, prepared.Length, next.Layer.Name);
        }

        return written;
    }

    private static (NonZeroWeights NonZero, LayerPruneResult? Pruned) ReadPrunedNonZeros(
        StreamedOnnxModel model, WeightLayer layer, PruneSettings prune, int threads)
    {
        var rule = prune.PrunesAnything ? LayerPruneRule.For(layer, prune) : null;
        if (rule?.StdQuality is not null)
        {
            // Han's std rule needs the whole layer's mean and deviation before it cuts, so it keeps the dense path.
            var weights = model.ReadWeights(layer);
            var result = ModelPruning.PruneLayer(layer, weights, prune, out _);
            return (NonZeroWeights.Extract(weights, result.NonZeroAfter), result);
        }

        var survivors = StreamedLayerPruning.Prune(model, layer, rule?.Sparsity, threads);
        var pruned = rule is null
            ? null
            : new LayerPruneResult(layer.Name, layer.Class, layer.ElementCount, survivors.NonZeroBefore, survivors.Positions.Length, rule.Description);
        return (NonZeroWeights.FromPruned(survivors), pruned);
    }

    /// <summary>
    /// Collects the arrays a step of a large layer left behind. Without this the GC, which sizes its budget for
    /// throughput, lets the steps' and layers' garbage pile up (1.5 GB peak for VGG-16 instead of about one fc6), and
    /// the promise is memory bounded by the largest layer. A blocking collection costs far less than a layer's k-means.
    /// </summary>
    private static void ReleaseLargeLayer(int elementCount)
    {
        if ((long)elementCount * sizeof(float) >= LargeLayerBytes)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}
