using System.Globalization;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Format;

namespace DeepCompress.Cli.Commands;

/// <summary>`info` on a .dcz: where the bytes go, per layer and in total, against the entropy bound and the original.</summary>
public static class ContainerInfoReport
{
    public static void Write(CommandContext context, string path, DczFileInfo info, IReadOnlyDictionary<string, string> metadata)
    {
        long? sourceSize = metadata.TryGetValue(ContainerCodec.SourceSizeKey, out var s) && long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        double? ratio = sourceSize is { } src && info.FileSize > 0 ? (double)src / info.FileSize : null;
        if (context.Json)
        {
            context.WriteJson(new
            {
                file = path,
                format = "dcz",
                file_bytes = info.FileSize,
                source_bytes = sourceSize,
                ratio,
                graph_bytes = info.GraphBytes,
                metadata_bytes = info.MetadataBytes,
                layers = info.Layers.Select(l => new
                {
                    name = l.Name,
                    @class = Formatting.Class(l.Class),
                    shape = l.Shape,
                    nonzero = l.NonZeroCount,
                    density = Density(l),
                    codebook_size = l.CodebookSize,
                    gap_width = l.GapWidth,
                    gap_symbols = l.GapSymbolCount,
                    weight_bytes = l.WeightBytes,
                    weight_table_bytes = l.WeightTableBytes,
                    index_bytes = l.IndexBytes,
                    index_table_bytes = l.IndexTableBytes,
                    codebook_bytes = l.CodebookBytes,
                    overhead_bytes = l.OverheadBytes,
                    total_bytes = l.TotalBytes,
                    bits_per_nonzero = l.BitsPerNonZero,
                    weight_entropy_bytes = l.WeightEntropyBits / 8,
                    index_entropy_bytes = l.IndexEntropyBits / 8,
                    ratio = l.TotalBytes == 0 ? 0 : Dense(l) * 4.0 / l.TotalBytes,
                }),
                total = new
                {
                    nonzero = info.NonZeroCount,
                    weight_bytes = info.WeightBytes,
                    index_bytes = info.IndexBytes,
                    codebook_bytes = info.CodebookBytes,
                    overhead_bytes = info.OverheadBytes,
                    bits_per_nonzero = info.BitsPerNonZero,
                    weight_entropy_bytes = info.WeightEntropyBits / 8,
                    index_entropy_bytes = info.IndexEntropyBits / 8,
                },
                metadata,
            });
            return;
        }

        var ratioText = ratio is { } r ? $", {Formatting.Ratio(r)} smaller than the original {Formatting.Int(sourceSize!.Value)} bytes" : string.Empty;
        context.Output.WriteLine($"{path}: .dcz, {Formatting.Int(info.FileSize)} bytes{ratioText}");
        var table = new TextTable("layer", "class", "shape", ">nonzero", ">density", ">k", ">gap bits", ">weights B", ">(table)", ">(entropy)", ">indices B", ">(table)", ">(entropy)", ">codebook B", ">overhead B", ">bits/nz", ">ratio");
        foreach (var l in info.Layers)
        {
            table.AddRow(l.Name, Formatting.Class(l.Class), Formatting.Shape(l.Shape), Formatting.Int(l.NonZeroCount), Formatting.Percent(Density(l)),
                Formatting.Int(l.CodebookSize), l.GapWidth.ToString(CultureInfo.InvariantCulture), Formatting.Int(l.WeightBytes), Formatting.Int(l.WeightTableBytes), Formatting.Int((long)Math.Ceiling(l.WeightEntropyBits / 8)),
                Formatting.Int(l.IndexBytes), Formatting.Int(l.IndexTableBytes), Formatting.Int((long)Math.Ceiling(l.IndexEntropyBits / 8)), Formatting.Int(l.CodebookBytes), Formatting.Int(l.OverheadBytes),
                Formatting.Fixed(l.BitsPerNonZero, 2), Formatting.Ratio(l.TotalBytes == 0 ? 0 : Dense(l) * 4.0 / l.TotalBytes));
        }

        table.AddFooter("layers", string.Empty, string.Empty, Formatting.Int(info.NonZeroCount), string.Empty, string.Empty, string.Empty, Formatting.Int(info.WeightBytes),
            Formatting.Int(info.Layers.Sum(l => l.WeightTableBytes)), Formatting.Int((long)Math.Ceiling(info.WeightEntropyBits / 8)), Formatting.Int(info.IndexBytes),
            Formatting.Int(info.Layers.Sum(l => l.IndexTableBytes)), Formatting.Int((long)Math.Ceiling(info.IndexEntropyBits / 8)),
            Formatting.Int(info.CodebookBytes), Formatting.Int(info.Layers.Sum(l => l.OverheadBytes)), Formatting.Fixed(info.BitsPerNonZero, 2), string.Empty);
        table.Write(context.Output);
        context.Output.WriteLine($"graph (without compressed weights, with raw tensors such as biases): {Formatting.Int(info.GraphBytes)} bytes; metadata: {Formatting.Int(info.MetadataBytes)} bytes; " +
            $"container overhead: {Formatting.Int(info.OverheadBytes)} bytes");
    }

    private static long Dense(DczLayerInfo layer) => layer.Shape.Aggregate(1L, (a, d) => a * d);

    private static double Density(DczLayerInfo layer) => Dense(layer) == 0 ? 0 : (double)layer.NonZeroCount / Dense(layer);
}
