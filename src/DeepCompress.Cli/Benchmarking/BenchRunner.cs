using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core;
using DeepCompress.Core.Data;
using DeepCompress.Onnx;
using DeepCompress.Runtime;
using Microsoft.ML.OnnxRuntime;
using Serilog;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Runs <c>dcompress bench</c>: for each thread count and batch size, our engine on the .dcz, ONNX Runtime on the
/// original model and ONNX Runtime on the decoded .dcz, all on the same input (seeded random values, or the first
/// entries of an input file); plus memory bandwidth and
/// ONNX Runtime's per-call cost measured in the same process.
/// </summary>
public static class BenchRunner
{
    /// <summary>Measures every case of <paramref name="settings"/>; <paramref name="progress"/> hears of each case as it finishes.</summary>
    public static BenchReport Run(BenchSettings settings, ILogger log, IProgressReporter progress)
    {
        var budget = TimeSpan.FromSeconds(settings.Seconds);
        var model = LoadedModel.Load(settings.ModelPath);
        var largestFc = OnnxModel.Load(settings.BaselinePath).FindLayers()
            .Where(l => l.Class == LayerClass.Fc)
            .MaxBy(l => l.Shape.Aggregate(1L, (a, d) => a * d));
        var decodedBytes = model.ToDenseOnnxBytes();
        // Read once, before anything is timed, so a file too short for the largest batch fails at once.
        var fileInput = settings.InputPath is { } inputPath ? ReadInputFile(inputPath, settings.Batches.Max(), model) : null;

        log.Information("measuring memory bandwidth ({Mib} MiB, best of {Passes})", MemoryBandwidth.BufferBytes >> 20, MemoryBandwidth.Passes);
        var bandwidth = MemoryBandwidth.Measure(settings.Threads);
        GC.Collect();
        var overhead = settings.Threads.Distinct().ToDictionary(t => t, t => OrtCallOverhead.Measure(t, budget));
        var engineOverhead = settings.Threads.Distinct().ToDictionary(t => t, t => EngineCallOverhead.Measure(t, budget));

        var cases = new List<BenchCase>();
        var total = settings.Threads.Count * settings.Batches.Count;
        var kernel = string.Empty;
        foreach (var threads in settings.Threads)
        {
            using var ours = model.CreateSession(threads);
            kernel = ours.Kernel.ToString();
            var signature = ModelSignature.Of(ours, settings.ModelPath);
            using var original = OpenBaseline(() => OrtDenseRunner.FromFile(settings.BaselinePath, threads), settings.BaselinePath);
            using var decoded = OrtDenseRunner.FromBytes(decodedBytes, threads);
            if (!original.InputNames.SequenceEqual([signature.InputName]))
            {
                throw new InvalidDataException(
                    $"{settings.BaselinePath}: inputs ({string.Join(", ", original.InputNames)}) differ from the model's '{signature.InputName}'; the baseline must be the model's original");
            }

            foreach (var batch in settings.Batches)
            {
                log.Information("threads {Threads}, batch {Batch}", threads, batch);
                var (data, shape) = fileInput is null ? SeededInput(signature.ShapeForBatch(batch, settings.ModelPath), settings.Seed) : LeadingEntries(fileInput, batch, signature, settings.InputPath!);
                cases.Add(MeasureCase(ours, signature, original, decoded, threads, batch, data, shape, budget));
                progress.Report("bench", cases.Count, total, $"threads {threads}, batch {batch}");
            }
        }

        var baseline = largestFc is null ? null : Strength(largestFc, cases, bandwidth);
        return new BenchReport(settings, kernel, bandwidth, overhead, engineOverhead, cases, baseline);
    }

    private static BenchCase MeasureCase(
        DeepCompress.Runtime.InferenceSession ours, ModelSignature signature, OrtDenseRunner original, OrtDenseRunner decoded, int threads, int batch, float[] data, int[] shape, TimeSpan budget)
    {
        var inputs = new Dictionary<string, Tensor> { [signature.InputName] = Tensor.FromFloat(data, shape) };
        original.Bind(signature.InputName, data, shape);
        decoded.Bind(signature.InputName, data, shape);

        var ourOutputs = ours.Run(inputs);
        decoded.Run();
        var difference = OutputDifference.Zero;
        for (var i = 0; i < decoded.OutputNames.Count; i++)
        {
            difference = difference.Max(OutputDifference.Of(ourOutputs[decoded.OutputNames[i]].AsFloatSpan(), decoded.Outputs[i]));
        }

        var oursStats = LatencyTimer.Measure(() => ours.Run(inputs), budget, batch);
        var originalStats = LatencyTimer.Measure(original.Run, budget, batch);
        var decodedStats = LatencyTimer.Measure(decoded.Run, budget, batch);
        return new BenchCase(threads, batch, oursStats, originalStats, decodedStats, difference);
    }

    /// <summary>Uniform in [0, 1): the range of normalised image inputs; the same values for every engine.</summary>
    private static (float[] Data, int[] Shape) SeededInput(int[] shape, int seed)
    {
        var random = new Random(seed);
        var data = new float[shape.Aggregate(1, (a, d) => checked(a * d))];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSingle();
        }

        return (data, shape);
    }

    /// <summary>The whole input file, normalised as <c>run</c> does by default (the model's metadata).</summary>
    private static ModelInput ReadInputFile(string path, int largestBatch, LoadedModel model)
    {
        var input = ModelInputReader.Read(path, new InputFileOptions(null, null, InputNormalization.FromMetadata(model.Metadata, model.Path)));
        var entries = input.Shape.Length == 0 ? 0 : input.Shape[0];
        if (entries < largestBatch)
        {
            throw new InvalidDataException($"{path}: holds {entries} entries, fewer than the largest --batch {largestBatch}");
        }

        return input;
    }

    /// <summary>The first <paramref name="batch"/> entries of the file's input (it holds at least the largest batch), checked against the model's input.</summary>
    private static (float[] Data, int[] Shape) LeadingEntries(ModelInput input, int batch, ModelSignature signature, string inputPath)
    {
        int[] shape = [batch, .. input.Shape[1..]];
        signature.RequireFits(shape, inputPath);
        return (input.Data[..(input.Data.Length / input.Shape[0] * batch)], shape);
    }

    /// <summary>Judged at the smallest batch of the first thread count: there the weights dominate the bytes a call reads.</summary>
    private static BaselineStrength Strength(WeightLayer layer, IReadOnlyList<BenchCase> cases, IReadOnlyDictionary<int, double> bandwidth)
    {
        var smallest = cases.Where(c => c.Threads == cases[0].Threads).MinBy(c => c.Batch)!;
        var bytes = layer.Shape.Aggregate(1L, (a, d) => a * d) * sizeof(float);
        return new BaselineStrength(layer.Name, bytes, smallest.Threads, smallest.Batch, bytes / (smallest.OrtOriginal.MedianMs / 1000), bandwidth[smallest.Threads]);
    }

    private static OrtDenseRunner OpenBaseline(Func<OrtDenseRunner> open, string path)
    {
        try
        {
            return open();
        }
        catch (OnnxRuntimeException ex)
        {
            throw new InvalidDataException($"{path}: ONNX Runtime cannot load the baseline: {ex.Message}", ex);
        }
    }
}
