using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary><c>dcompress encode IN.onnx -o OUT.dcz</c>: a quantized model into the compact container.</summary>
public static class EncodeCommand
{
    public static Command Create()
    {
        var input = GlobalOptions.InputModel("Input ONNX model, already pruned and quantized");
        var output = GlobalOptions.Output("Output .dcz container (written atomically)");
        var bits = new QuantizeOptions(combined: true);
        var command = new Command("encode", "Encode a quantized ONNX model as .dcz: CSR with relative indices, codebooks, canonical Huffman")
        {
            input, output, bits.Bits, bits.Layer, bits.MinSize, GlobalOptions.Json,
        };
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var model = OnnxModel.Load(inputPath);
            var layers = model.FindLayers();
            var settings = bits.Read(parseResult, parseResult.GetValue(bits.MinSize));
            LayerNames.RequireKnown(layers, settings.LayerBits.Select(o => o.Name));
            var container = ContainerCodec.Encode(model, layers, settings.BitsFor, model.StoredBytes, inputPath, context.Progress);
            var written = ContainerFiles.Write(container, outputPath);
            context.Log.Information("wrote {Output}", outputPath);
            Reports.WriteSizes(context, inputPath, model.StoredBytes, outputPath, written);
            return ExitCodes.Success;
        }));
        return command;
    }
}
