using System.CommandLine;
using System.Globalization;
using DeepCompress.Cli.Benchmarking;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Data;
using DeepCompress.Core.IO;
using DeepCompress.Runtime;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// <c>dcompress run MODEL --input X [-o Y.npy]</c>: runs a .dcz (compressed layers stay sparse) or an ONNX model
/// on the sparse engine and writes or prints its output.
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "A compressed model (.dcz) or an ONNX model (.onnx)" };
        var input = new Option<FileInfo>("--input", "-i") { Description = "Input: .npy, IDX images (raw or gzip), or raw little-endian float32 with --shape", Required = true };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the output to this .npy file (atomically) instead of printing it" };
        var shape = IntListOption.Create("--shape", "Shape of a raw float32 input, e.g. 1,1,28,28", 1, int.MaxValue, null);
        var count = new Option<int?>("--count") { Description = "Use only the first N entries (images) of the input" };
        count.Validators.Add(r => { if (r.GetValueOrDefault<int?>() is < 1) { r.AddError("--count must be at least 1"); } });
        var scale = FloatOption("--scale", "IDX pixel scale (default: the model's dcompress.input_scale, else 1)", positive: false);
        var mean = FloatOption("--mean", "IDX normalisation mean (default: the model's dcompress.input_mean, else 0)", positive: false);
        var std = FloatOption("--std", "IDX normalisation standard deviation (default: the model's dcompress.input_std, else 1)", positive: true);
        var threads = GlobalOptions.Threads();
        var command = new Command("run", "Run a .dcz or ONNX model on the sparse engine")
        {
            model, input, output, shape, count, scale, mean, std, threads, GlobalOptions.Json,
        };
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var modelPath = InputFiles.RequireExisting(parseResult.GetValue(model)!);
            var inputPath = InputFiles.RequireExisting(parseResult.GetValue(input)!);
            var outputPath = parseResult.GetValue(output) is { } o ? InputFiles.RequireDistinctOutput(inputPath, o) : null;
            if (outputPath is not null && string.Equals(outputPath, modelPath, StringComparison.Ordinal))
            {
                throw new UsageException($"--output: '{outputPath}' is the model file; choose another path so the model is kept");
            }

            var loaded = LoadedModel.Load(modelPath);
            using var session = loaded.CreateSession(parseResult.GetValue(threads));
            var signature = ModelSignature.Of(session, modelPath);
            var metadataNormalization = InputNormalization.FromMetadata(loaded.Metadata, modelPath);
            var normalization = new InputNormalization(
                parseResult.GetValue(scale) ?? metadataNormalization.Scale,
                parseResult.GetValue(mean) ?? metadataNormalization.Mean,
                parseResult.GetValue(std) ?? metadataNormalization.Std);
            var modelInput = ModelInputReader.Read(inputPath, new InputFileOptions(parseResult.GetValue(shape) is { Length: > 0 } rawShape ? rawShape : null, parseResult.GetValue(count), normalization));
            signature.RequireFits(modelInput.Shape, inputPath);

            var outputs = session.Run(new Dictionary<string, Tensor> { [signature.InputName] = Tensor.FromFloat(modelInput.Data, modelInput.Shape) });
            var results = session.OutputNames.Select(name => RequireFloat(outputs[name], name, modelPath)).ToList();
            context.Log.Debug("ran {Model} on {Input} ({Format} {Shape}) with {Kernel}", modelPath, inputPath, modelInput.Format, ModelSignature.Describe(modelInput.Shape), session.Kernel);
            if (outputPath is not null)
            {
                WriteNpy(results, outputPath, modelPath);
                context.Log.Information("wrote {Output}: '{Name}' {Shape}", outputPath, results[0].Name, ModelSignature.Describe(results[0].Shape));
                if (context.Json)
                {
                    context.WriteJson(new { model = modelPath, input = inputPath, output = outputPath, name = results[0].Name, shape = results[0].Shape });
                }

                return ExitCodes.Success;
            }

            Print(context, modelPath, inputPath, results);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Option<float?> FloatOption(string name, string description, bool positive)
    {
        var option = new Option<float?>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<float?>() is { } v && (!float.IsFinite(v) || (positive && v <= 0f)))
            {
                r.AddError(positive ? $"{name} must be a finite positive number" : $"{name} must be a finite number");
            }
        });
        return option;
    }

    private static OutputValues RequireFloat(Tensor tensor, string name, string modelPath)
    {
        if (tensor.ElementType != TensorElementType.Float32)
        {
            throw new NotSupportedException($"{modelPath}: output '{name}' is {tensor.ElementType}; only float32 outputs are supported");
        }

        return new OutputValues(name, tensor.Shape.ToArray(), tensor.AsFloatSpan().ToArray());
    }

    private static void WriteNpy(IReadOnlyList<OutputValues> results, string outputPath, string modelPath)
    {
        if (results.Count != 1)
        {
            throw new UsageException($"--output: {modelPath} has {results.Count} outputs and a .npy file holds one; omit --output to print them all");
        }

        ModelFiles.WriteGuard(outputPath, () => AtomicFile.Write(outputPath, stream => NpyWriter.Write(stream, results[0].Shape, results[0].Values)));
    }

    private static void Print(CommandContext context, string modelPath, string inputPath, IReadOnlyList<OutputValues> results)
    {
        if (context.Json)
        {
            context.WriteJson(new
            {
                model = modelPath,
                input = inputPath,
                outputs = results.Select(r => new { name = r.Name, shape = r.Shape, values = r.Values, argmax = r.ArgmaxPerRow() }),
            });
            return;
        }

        foreach (var result in results)
        {
            context.Output.WriteLine($"{result.Name} {ModelSignature.Describe(result.Shape)}");
            var rowLength = result.Shape.Length == 0 ? 1 : result.Shape[^1];
            var argmax = result.ArgmaxPerRow();
            for (var row = 0; rowLength > 0 && row * rowLength < result.Values.Length; row++)
            {
                var values = string.Join(" ", result.Values.Skip(row * rowLength).Take(rowLength).Select(v => v.ToString("G9", CultureInfo.InvariantCulture)));
                var prefix = argmax is null ? string.Empty : $"argmax {argmax[row]}: ";
                context.Output.WriteLine($"  {prefix}{values}");
            }
        }
    }
}
