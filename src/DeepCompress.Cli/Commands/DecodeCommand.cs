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
        var command = new Command("decode", "Decode a .dcz container back into an ONNX model")
        {
            input, output,
        };
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var container = ContainerFiles.Read(inputPath);
            var model = ContainerCodec.Decode(container, inputPath);
            ModelFiles.SaveOnnx(model, outputPath);
            context.Log.Information("decoded {Layers} layers; wrote {Output}", container.Layers.Count, outputPath);
            return ExitCodes.Success;
        }));
        return command;
    }
}
