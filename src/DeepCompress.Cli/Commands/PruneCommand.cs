using System.CommandLine;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Commands;

/// <summary><c>dcompress prune IN.onnx -o OUT.onnx</c>: magnitude pruning.</summary>
public static class PruneCommand
{
    public static Command Create()
    {
        var input = GlobalOptions.InputModel();
        var output = GlobalOptions.Output("Output ONNX model (written atomically)");
        var options = new PruneOptions();
        var command = new Command("prune", "Magnitude pruning: set the smallest weights of each layer to exactly 0")
        {
            input, output, GlobalOptions.Json,
        };
        options.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var settings = options.Read(parseResult);
            if (!settings.PrunesAnything)
            {
                throw new UsageException("prune needs --sparsity, --std-quality or --layer NAME=SPARSITY");
            }

            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = InputFiles.RequireDistinctOutput(inputPath, parseResult.GetValue(output)!);
            var model = OnnxModel.Load(inputPath);
            var results = ModelPruning.Apply(model.FindLayers(), settings, context.Progress);
            ModelFiles.SaveOnnx(model, outputPath);
            context.Log.Information("pruned {Layers} layers; wrote {Output}", results.Count, outputPath);
            Reports.WritePrune(context, results);
            return ExitCodes.Success;
        }));
        return command;
    }
}
