using DeepCompress.Cli.Infrastructure;
using DeepCompress.Cli.Pipeline;
using DeepCompress.Core;
using DeepCompress.Onnx;
using DeepCompress.Runtime;
using Microsoft.ML.OnnxRuntime;
using Serilog;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// Runs <c>dcompress bench</c>: for each thread count and batch size, our engine on the .dcz, ONNX Runtime on the
/// original model and ONNX Runtime on the decoded .dcz, all on the same seeded input; plus memory bandwidth and
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
                cases.Add(MeasureCase(ours, signature, original, decoded, threads, batch, settings, budget));
                progress.Report("bench", cases.Count, total, $"threads {threads}, batch {batch}");
            }
        }

        var baseline = largestFc is null ? null : Strength(largestFc, cases, bandwidth);
        return new BenchReport(settings, kernel, bandwidth, overhead, engineOverhead, cases, baseline);
    }

    private static BenchCase MeasureCase(
        DeepCompress.Runtime.InferenceSession ours, ModelSignature signature, OrtDenseRunner original, OrtDenseRunner decoded, int threads, int batch, BenchSettings settings, TimeSpan budget)
    {
        var shape = signature.ShapeForBatch(batch, settings.ModelPath);
        var data = SeededInput(shape, settings.Seed);
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
    private static float[] SeededInput(int[] shape, int seed)
    {
        var random = new Random(seed);
        var data = new float[shape.Aggregate(1, (a, d) => checked(a * d))];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextSingle();
        }

        return data;
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
