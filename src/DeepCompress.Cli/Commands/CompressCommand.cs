using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// <c>dcompress compress IN.onnx -o OUT.dcz</c>: prune, quantize and encode in one step; the result is the same
/// as running the three commands in turn with the same options.
/// </summary>
public static class CompressCommand
{
    public static Command Create()
    {
        var input = GlobalOptions.InputModel();
        var output = GlobalOptions.Output("Output .dcz container (written atomically)");
        var prune = new PruneOptions(combined: true);
        var quantize = new QuantizeOptions(combined: true);
        var command = new Command("compress", "Prune, quantize and encode in one step (the options of prune and quantize)")
        {
            input, output, GlobalOptions.Json,
        };
        command.Options.Add(prune.Sparsity);
        command.Options.Add(prune.StdQuality);
        command.Options.Add(prune.Layer);
        command.Options.Add(prune.Scope);
        quantize.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var minSize = parseResult.GetValue(quantize.MinSize);
            var pruneSettings = prune.Read(parseResult) with { MinSize = minSize };
            var quantizeSettings = quantize.Read(parseResult, minSize);
            if (StreamingCompression.Supports(pruneSettings))
            {
                var streamed = StreamingCompression.Run(inputPath, outputPath, pruneSettings, quantizeSettings, context.Progress);
                context.Log.Information("pruned {Pruned} and quantized {Quantized} layers one at a time", streamed.Pruned.Count, streamed.CompressedLayers);
                context.Log.Information("wrote {Output}", outputPath);
                Reports.WriteSizes(context, inputPath, streamed.InputBytes, outputPath, streamed.OutputBytes);
                return ExitCodes.Success;
            }

            var model = OnnxModel.Load(inputPath);
            var layers = model.FindLayers();
            if (pruneSettings.PrunesAnything)
            {
                var pruned = ModelPruning.Apply(layers, pruneSettings, context.Progress);
                context.Log.Information("pruned {Layers} layers", pruned.Count);
            }

            var quantized = ModelQuantization.Apply(layers, quantizeSettings, context.Progress);
            context.Log.Information("quantized {Layers} layers", quantized.Count(r => r.Bits is not null));

            // Layers left unquantized by --min-size stay raw tensors in the graph, exactly as encode would keep them.
            var container = ContainerCodec.Encode(model, layers, quantizeSettings.BitsFor,
                new FileInfo(inputPath).Length, inputPath);
            var written = ContainerFiles.Write(container, outputPath);
            context.Log.Information("wrote {Output}", outputPath);
            Reports.WriteSizes(context, inputPath, new FileInfo(inputPath).Length, outputPath, written);
            return ExitCodes.Success;
        }));
        return command;
    }
}
