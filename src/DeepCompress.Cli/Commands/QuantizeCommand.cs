using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary><c>dcompress quantize IN.onnx -o OUT.onnx</c>: per-layer k-means weight sharing.</summary>
public static class QuantizeCommand
{
    public static Command Create()
    {
        var input = GlobalOptions.InputModel();
        var output = GlobalOptions.Output("Output ONNX model (written atomically)");
        var options = new QuantizeOptions();
        var command = new Command("quantize", "Weight sharing: per-layer 1-D k-means over the nonzero weights; zeros stay zero")
        {
            input, output, GlobalOptions.Json,
        };
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var settings = options.Read(parseResult, parseResult.GetValue(options.MinSize));
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var model = OnnxModel.Load(inputPath);
            var results = ModelQuantization.Apply(model.FindLayers(), settings, context.Progress);
            ModelFiles.SaveOnnx(model, outputPath);
            context.Log.Information("quantized {Layers} layers; wrote {Output}", results.Count(r => r.Bits is not null), outputPath);
            Reports.WriteQuantize(context, results);
            return ExitCodes.Success;
        }));
        return command;
    }
}
