using System.CommandLine;
using DeepCompress.Cli.Benchmarking;
using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli.Commands;

/// <summary>
/// <c>dcompress bench MODEL.dcz --baseline ORIGINAL.onnx</c>: latency and throughput of our engine against ONNX
/// Runtime dense on the original and on the decoded model, in one run with the same inputs and thread counts.
/// </summary>
public static class BenchCommand
{
    private const double GigaBytes = 1e9;

    public static Command Create()
    {
        var model = new Argument<FileInfo>("model") { Description = "The compressed model (.dcz; an ONNX model runs dense on our engine)" };
        var baseline = new Option<FileInfo>("--baseline") { Description = "The original ONNX model, run dense by ONNX Runtime", Required = true };
        var batches = IntListOption.Create("--batch", "Batch sizes [default: 1,16]", 1, 65536, [1, 16]);
        var threads = IntListOption.Create("--threads", "Thread counts, for our engine and ONNX Runtime alike [default: 1]", 1, 1024, [1]);
        var seconds = new Option<double>("--seconds")
        {
            Description = "Timed seconds per engine and case, after warm-up",
            DefaultValueFactory = _ => 2.0,
            Validators = { r => { if (r.GetValueOrDefault<double>() is not (>= 0.01 and <= 600)) { r.AddError("--seconds must be between 0.01 and 600"); } } },
        };
        var seed = new Option<int>("--seed") { Description = "Seed of the random input values (without --input)", DefaultValueFactory = _ => 42 };
        var input = new Option<FileInfo?>("--input", "-i")
        {
            Description = "Feed every engine the first N entries (images) of this file for batch N instead of random values: .npy or IDX images (raw or gzip), normalised as run does",
        };
        var command = new Command("bench", "Latency and throughput against ONNX Runtime dense, with memory bandwidth and ONNX Runtime's per-call cost")
        {
            model, baseline, batches, threads, seconds, seed, input, GlobalOptions.Json,
        };
        command.SetAction(parseResult => CommandRunner.Run(parseResult, context =>
        {
            var settings = new BenchSettings(
                InputFiles.RequireExisting(parseResult.GetValue(model)!),
                InputFiles.RequireExisting(parseResult.GetValue(baseline)!),
                parseResult.GetValue(batches)!,
                parseResult.GetValue(threads)!,
                parseResult.GetValue(seconds),
                parseResult.GetValue(seed),
                parseResult.GetValue(input) is { } inputFile ? InputFiles.RequireExisting(inputFile) : null);
            var report = BenchRunner.Run(settings, context.Log, context.Progress);
            if (context.Json)
            {
                context.WriteJson(ToJson(report));
            }
            else
            {
                WriteTable(context.Output, report);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static object ToJson(BenchReport report) => new
    {
        model = report.Settings.ModelPath,
        baseline = report.Settings.BaselinePath,
        kernel = report.Kernel,
        seconds_per_case = report.Settings.Seconds,
        seed = report.Settings.InputPath is null ? report.Settings.Seed : (int?)null,
        input = report.Settings.InputPath,
        processor_count = Environment.ProcessorCount,
        memory_bandwidth_gb_per_s = report.BandwidthBytesPerSecond.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value / GigaBytes),
        ort_call_overhead_us = report.OrtCallOverhead.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value.MedianMs * 1000),
        engine_call_overhead_us = report.EngineCallOverhead.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value.MedianMs * 1000),
        cases = report.Cases.Select(c => new
        {
            threads = c.Threads,
            batch = c.Batch,
            ours = Latency(c.Ours),
            ort_original = Latency(c.OrtOriginal),
            ort_decoded = Latency(c.OrtDecoded),
            speedup_vs_ort = c.SpeedupVsOrt,
            speedup_vs_ort_decoded = c.SpeedupVsOrtDecoded,
            max_abs_difference = c.Difference.MaxAbsolute,
            max_relative_difference = c.Difference.Relative,
        }),
        max_abs_difference = report.Difference.MaxAbsolute,
        max_relative_difference = report.Difference.Relative,
        baseline_check = report.Baseline is not { } b ? null : new
        {
            layer = b.Layer,
            weight_bytes = b.WeightBytes,
            threads = b.Threads,
            batch = b.Batch,
            effective_gb_per_s = b.EffectiveBytesPerSecond / GigaBytes,
            measured_gb_per_s = b.MeasuredBytesPerSecond / GigaBytes,
            fraction = b.Fraction,
            verdict = Verdict(b),
        },
    };

    private static object Latency(LatencyStats s) => new { median_ms = s.MedianMs, p90_ms = s.P90Ms, min_ms = s.MinMs, calls = s.Calls, throughput_per_s = s.ThroughputPerSecond };

    private static string Verdict(BaselineStrength b) => b.IsWeak ? "baseline is weak" : "baseline is strong";

    private static void WriteTable(TextWriter output, BenchReport report)
    {
        var inputs = report.Settings.InputPath is { } path ? $"input {path} (batch N: its first N entries)" : $"random inputs, seed {report.Settings.Seed}";
        output.WriteLine($"{report.Settings.ModelPath} vs {report.Settings.BaselinePath}: kernel {report.Kernel}, {report.Settings.Seconds} s per case, {inputs}");
        var table = new TextTable(">threads", ">batch", "engine", ">median ms", ">p90 ms", ">samples/s", ">speedup");
        foreach (var c in report.Cases)
        {
            AddRow(table, c, "ours (.dcz)", c.Ours, string.Empty);
            AddRow(table, c, "ORT original", c.OrtOriginal, Formatting.Ratio(c.SpeedupVsOrt));
            AddRow(table, c, "ORT decoded", c.OrtDecoded, Formatting.Ratio(c.SpeedupVsOrtDecoded));
        }

        table.Write(output);
        foreach (var (threads, bytesPerSecond) in report.BandwidthBytesPerSecond)
        {
            output.WriteLine($"memory bandwidth, {threads} thread(s): {Formatting.Fixed(bytesPerSecond / GigaBytes, 2)} GB/s; per-call cost (Identity on 1 float): ORT {Formatting.Fixed(report.OrtCallOverhead[threads].MedianMs * 1000, 1)} us, ours {Formatting.Fixed(report.EngineCallOverhead[threads].MedianMs * 1000, 1)} us");
        }

        output.WriteLine($"largest difference vs ORT on the decoded model: {report.Difference.MaxAbsolute:E3} absolute, {report.Difference.Relative:E3} relative to the largest output");
        if (report.Baseline is { } b)
        {
            output.WriteLine(
                $"largest FC layer {b.Layer} ({Formatting.Int(b.WeightBytes)} bytes): ORT original streams it at >= {Formatting.Fixed(b.EffectiveBytesPerSecond / GigaBytes, 2)} GB/s " +
                $"= {Formatting.Percent(b.Fraction)} of the measured bandwidth (batch {b.Batch}, {b.Threads} thread(s)): {Verdict(b)}");
        }
    }

    private static void AddRow(TextTable table, BenchCase c, string engine, LatencyStats s, string speedup) =>
        table.AddRow(c.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Batch.ToString(System.Globalization.CultureInfo.InvariantCulture), engine,
            Formatting.Fixed(s.MedianMs, 4), Formatting.Fixed(s.P90Ms, 4), Formatting.Fixed(s.ThroughputPerSecond, 0), speedup);
}
