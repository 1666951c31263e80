using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;

namespace DeepCompress.Cli.Commands;

/// <summary><c>dcompress decode IN.dcz -o OUT.onnx</c>: restores the ONNX model with bit-identical weights.</summary>
public static class DecodeCommand
{
    public static Command Create()
    {
        var input = new Argument<FileInfo>("input") { Description = "Input .dcz container" };
        var output = GlobalOptions.Output("Output ONNX model (written atomically)");
        var externalData = new Option<bool>("--external-data")
        {
            Description = $"Write the layers' weights to OUT.onnx.data (streamed, one block at a time); automatic when they exceed {ContainerCodec.ExternalDataThresholdBytes >> 20} MiB",
        };
        var command = new Command("decode", "Decode a .dcz container back into an ONNX model")
        {
            input, output, externalData,
        };
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var container = ContainerFiles.Read(inputPath);
            if (parseResult.GetValue(externalData) || ContainerCodec.DecodedLayerBytes(container) > ContainerCodec.ExternalDataThresholdBytes)
            {
                ModelFiles.WriteGuard(outputPath, () => ContainerCodec.DecodeToExternalData(container, inputPath, outputPath, context.Progress));
                context.Log.Information("decoded {Layers} layers; wrote {Output} and its external data", container.Layers.Count, outputPath);
                return ExitCodes.Success;
            }

            var model = ContainerCodec.Decode(container, inputPath);
            ModelFiles.SaveOnnx(model, outputPath);
            context.Log.Information("decoded {Layers} layers; wrote {Output}", container.Layers.Count, outputPath);
            return ExitCodes.Success;
        }));
        return command;
    }
}
