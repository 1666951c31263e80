using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Format;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary><c>dcompress info FILE [--json]</c>: per-layer weights, density, distinct values and bits.</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "An ONNX model (.onnx) or a compressed model (.dcz)" };
        var command = new Command("info", "Per layer: class, shape, weights, nonzeros, density, distinct nonzero values and the bits they need")
        {
            file, GlobalOptions.Json,
        };
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var path = InputFiles.RequireExisting(parseResult.GetValue(file)!);
            if (ContainerFiles.HasMagic(path))
            {
                var bytes = File.ReadAllBytes(path);
                var container = DczReader.Read(bytes, path);
                ContainerInfoReport.Write(context, path, DczReader.Inspect(bytes, path), container.Metadata);
                return ExitCodes.Success;
            }

            // Streamed: one layer's weights at a time, so a model whose tensors pass protobuf's 2 GiB works too.
            using var model = StreamedOnnxModel.Open(path);
            var stats = model.FindLayers().Select(layer => LayerStats.Of(layer, model.ReadWeights(layer))).ToList();
            WriteOnnxInfo(context, path, model.StoredBytes, stats);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void WriteOnnxInfo(CommandContext context, string path, long storedBytes, IReadOnlyList<LayerStats> stats)
    {
        var fileSize = new FileInfo(path).Length;
        var totalWeights = stats.Sum(s => (long)s.Weights);
        var totalNonZero = stats.Sum(s => (long)s.NonZero);
        if (context.Json)
        {
            context.WriteJson(new
            {
                file = path,
                format = "onnx",
                file_bytes = fileSize,
                stored_bytes = storedBytes,
                layers = stats.Select(s => new
                {
                    name = s.Name,
                    @class = Formatting.Class(s.Class),
                    op_type = s.OpType,
                    shape = s.Shape,
                    weights = s.Weights,
                    nonzero = s.NonZero,
                    density = s.Density,
                    distinct_nonzero = s.DistinctNonZero,
                    bits = Formatting.BitsFor(s.DistinctNonZero),
                    location = s.Location,
                }),
                total = new { weights = totalWeights, nonzero = totalNonZero, density = totalWeights == 0 ? 0 : (double)totalNonZero / totalWeights },
            });
            return;
        }

        var external = storedBytes > fileSize ? $" ({Formatting.Int(storedBytes)} with its external data)" : string.Empty;
        context.Output.WriteLine($"{path}: ONNX, {Formatting.Int(fileSize)} bytes{external}, {stats.Count} compressible layers");
        var table = new TextTable("layer", "class", "op", "shape", ">weights", ">nonzero", ">density", ">distinct", ">bits");
        foreach (var s in stats)
        {
            table.AddRow(s.Name, Formatting.Class(s.Class), s.OpType, Formatting.Shape(s.Shape), Formatting.Int(s.Weights), Formatting.Int(s.NonZero),
                Formatting.Percent(s.Density), Formatting.Int(s.DistinctNonZero), Formatting.BitsFor(s.DistinctNonZero).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        table.AddFooter("total", string.Empty, string.Empty, string.Empty, Formatting.Int(totalWeights), Formatting.Int(totalNonZero),
            Formatting.Percent(totalWeights == 0 ? 0 : (double)totalNonZero / totalWeights), string.Empty, string.Empty);
        table.Write(context.Output);
    }
}
