using System.Text.Json;
using DeepCompress.Core.Data;
using DeepCompress.Onnx;
using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

public class FinetuneCommandTests
{
    private const int Inputs = 36;
    private const int Classes = 5;

    [Fact]
    public void PrunedRetrainingLowersTheErrorAndKeepsEveryZero()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);
        var output = dir.File("tuned.onnx");

        var run = Finetune(dir, pruned, output, "--epochs", "2");

        var epochs = Epochs(run);
        Assert.True(epochs[^1].Error < epochs[0].Error, $"test error {epochs[0].Error} -> {epochs[^1].Error}");
        Assert.True(epochs[2].Loss < epochs[1].Loss, $"train loss {epochs[1].Loss} -> {epochs[2].Loss}");
        var before = Weights(pruned);
        foreach (var (name, after) in Weights(output))
        {
            var original = before[name];
            Assert.All(Enumerable.Range(0, after.Length).Where(i => original[i] == 0f), i => Assert.Equal(0f, after[i]));
            Assert.NotEqual(original, after);
        }
    }

    [Fact]
    public void QuantizedLayersTrainTheirCentroidsAndKeepTheirDistinctValues()
    {
        using var dir = new TempDirectory();
        var quantized = Prepared(dir, bits: 3);
        var output = dir.File("tuned.onnx");

        var run = FinetuneWithRate(dir, quantized, output, "0.005");

        var epochs = Epochs(run);
        Assert.True(epochs[^1].Error < epochs[0].Error, $"test error {epochs[0].Error} -> {epochs[^1].Error}");
        using var json = JsonDocument.Parse(run.Out);
        Assert.All(json.RootElement.GetProperty("layers").EnumerateArray(), l => Assert.Equal("shared", l.GetProperty("mode").GetString()));
        var before = Weights(quantized);
        foreach (var (name, after) in Weights(output))
        {
            var original = before[name];
            Assert.True(Distinct(after) <= Distinct(original), name);
            Assert.All(Enumerable.Range(0, after.Length).Where(i => original[i] == 0f), i => Assert.Equal(0f, after[i]));
            Assert.NotEqual(original, after);
            // Weights that shared a value still share one.
            var groups = Enumerable.Range(0, after.Length).Where(i => original[i] != 0f).GroupBy(i => original[i]);
            Assert.All(groups, g => Assert.Single(g.Select(i => after[i]).Distinct()));
        }

        CliRun.Of("encode", output, "-o", dir.File("tuned.dcz"), "--bits", "3").AssertSuccess();
    }

    [Fact]
    public void OutputIsByteIdenticalForAnyThreadCount()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);

        Finetune(dir, pruned, dir.File("one.onnx"), "--threads", "1", "--schedule", "step");
        Finetune(dir, pruned, dir.File("two.onnx"), "--threads", "2", "--schedule", "step");

        Assert.Equal(File.ReadAllBytes(dir.File("one.onnx")), File.ReadAllBytes(dir.File("two.onnx")));
    }

    [Fact]
    public void ValidationCountTrainsOnTheRestAndReportsTheHeldOutExamples()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);
        // The same data, with the last 200 training examples as its test split.
        using var held = new TempDirectory();
        foreach (var (suffix, header, size) in new[] { ("images-idx3-ubyte", 16, Inputs), ("labels-idx1-ubyte", 8, 1) })
        {
            var train = File.ReadAllBytes(dir.File("train-" + suffix));
            File.Copy(dir.File("train-" + suffix), held.File("train-" + suffix));
            var tail = train[(header + (600 * size))..];
            if (size == 1)
            {
                SyntheticDataset.WriteLabels(held.File("t10k-" + suffix), tail);
            }
            else
            {
                SyntheticDataset.WriteImages(held.File("t10k-" + suffix), tail, 200, 6, 6);
            }
        }

        var validated = Finetune(dir, pruned, dir.File("validated.onnx"), "--validation-count", "200");
        var explicitSplit = CliRun.Of(["finetune", pruned, "--data", held.DirectoryPath, "-o", dir.File("split.onnx"), "--scale", "0.00392157", "--lr", "0.05",
            "--batch-size", "32", "--seed", "4", "--json", "--train-count", "600"]).AssertSuccess();

        Assert.Equal(File.ReadAllBytes(dir.File("split.onnx")), File.ReadAllBytes(dir.File("validated.onnx")));
        Assert.Equal(Epochs(explicitSplit).Select(e => e.Error), Epochs(validated).Select(e => e.Error));
        using var json = JsonDocument.Parse(validated.Out);
        Assert.Equal("validation", json.RootElement.GetProperty("evaluated_on").GetString());
        var overlap = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--validation-count", "200", "--train-count", "700");
        Assert.Equal(2, overlap.Code);
        Assert.Contains("--train-count", Assert.Single(overlap.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--validation-count", "800").Code);
    }

    [Fact]
    public void MissingDataAndUnsupportedOperatorsAreReported()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.ConvNet([3, 4], imageSize: 6, activation: ConvActivation.Relu6).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 6, 18, 3, trainCount: 10, testCount: 10);

        Assert.Equal(3, CliRun.Of("finetune", model, "--data", dir.File("none"), "-o", dir.File("o.onnx")).Code);
        var unsupported = CliRun.Of("finetune", model, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"));
        Assert.Equal(5, unsupported.Code);
        Assert.Contains("Clip", Assert.Single(unsupported.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("o.onnx")));
    }

    [Fact]
    public void DistillationFromTheOriginalTrainsDeterministicallyAndDiffersFromLabelsAlone()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);
        var teacher = dir.File("model.onnx");

        var one = OnSubset(dir, pruned, "one.onnx", "--teacher", teacher, "--threads", "1");
        var two = OnSubset(dir, pruned, "two.onnx", "--teacher", teacher, "--threads", "2");
        var hot = OnSubset(dir, pruned, "hot.onnx", "--teacher", teacher, "--temperature", "1", "--distill-weight", "0.5");
        var plain = OnSubset(dir, pruned, "plain.onnx");
        var labelsOnly = OnSubset(dir, pruned, "labels.onnx", "--teacher", teacher, "--distill-weight", "0");

        Assert.Equal(one.Model, two.Model);
        Assert.NotEqual(one.Model, plain.Model);
        Assert.NotEqual(one.Model, hot.Model);
        // Weight 0 leaves only the cross-entropy: the same training as without a teacher.
        Assert.Equal(plain.Model, labelsOnly.Model);
        Assert.Equal(Epochs(plain.Run), Epochs(labelsOnly.Run));
        Assert.All(Epochs(one.Run).Skip(1), e => Assert.True(e.Loss is > 0 and < 10, $"loss {e.Loss}"));
    }

    [Fact]
    public void DistillationOptionsNeedATeacherWithTheSameNormalisation()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);
        var otherScale = dir.File("other.onnx");
        // The student has no normalisation metadata (identity); this teacher halves its pixels.
        var model = OnnxModel.Load(dir.File("model.onnx"));
        model.Proto.MetadataProps.Add(new StringStringEntryProto { Key = InputNormalization.ScaleKey, Value = "0.5" });
        File.WriteAllBytes(otherScale, model.ToBytes());

        var orphan = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--temperature", "2");
        var mismatch = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--teacher", otherScale);
        var missing = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--teacher", dir.File("none.onnx"));
        var badWeight = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--teacher", dir.File("model.onnx"), "--distill-weight", "2");
        var threeClasses = TestModelFactory.Mlp([Inputs, 24, 3]).Save(dir.DirectoryPath, "three.onnx");
        var otherClasses = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--teacher", threeClasses);
        var otherClassesShifted = CliRun.Of("finetune", pruned, "--data", dir.DirectoryPath, "-o", dir.File("o.onnx"), "--teacher", threeClasses, "--augment-shift", "1");

        Assert.Equal(2, orphan.Code);
        Assert.Contains("--temperature: only means something with --teacher", Assert.Single(orphan.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, mismatch.Code);
        Assert.Contains("--teacher", Assert.Single(mismatch.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(3, missing.Code);
        Assert.Equal(2, badWeight.Code);
        Assert.Contains("--distill-weight", Assert.Single(badWeight.ErrorLines), StringComparison.Ordinal);
        Assert.All(new[] { otherClasses, otherClassesShifted }, run =>
        {
            Assert.Equal(5, run.Code);
            Assert.Contains("the teacher gives 3 classes, the model 5", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        });
        Assert.False(File.Exists(dir.File("o.onnx")));
    }

    [Fact]
    public void ShiftAugmentationIsSeededAndDistillsPerBatch()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);
        var teacher = dir.File("model.onnx");

        var one = OnSubset(dir, pruned, "one.onnx", "--augment-shift", "2", "--threads", "1");
        var two = OnSubset(dir, pruned, "two.onnx", "--augment-shift", "2", "--threads", "2");
        var plain = OnSubset(dir, pruned, "plain.onnx");
        var distilled = OnSubset(dir, pruned, "kd1.onnx", "--augment-shift", "2", "--teacher", teacher, "--threads", "1");
        var distilledTwo = OnSubset(dir, pruned, "kd2.onnx", "--augment-shift", "2", "--teacher", teacher, "--threads", "2");

        Assert.Equal(one.Model, two.Model);
        Assert.Equal(distilled.Model, distilledTwo.Model);
        Assert.NotEqual(one.Model, plain.Model);
        Assert.NotEqual(one.Model, distilled.Model);
    }

    [Fact]
    public void RedirectedOutputHasNoProgressLine()
    {
        using var dir = new TempDirectory();
        var pruned = Prepared(dir, bits: null);

        var run = Finetune(dir, pruned, dir.File("o.onnx"), "--train-count", "100", "--test-count", "50");

        Assert.DoesNotContain("finetune epoch", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[2K", run.Err, StringComparison.Ordinal);
    }

    /// <summary>A seeded MLP pruned to 50% (and quantized to 2^bits values per layer when bits is given), with data to train it on.</summary>
    private static string Prepared(TempDirectory dir, int? bits)
    {
        var model = TestModelFactory.Mlp([Inputs, 24, Classes]).Save(dir.DirectoryPath);
        SyntheticDataset.Write(dir.DirectoryPath, 6, 6, Classes, trainCount: 800, testCount: 300);
        var pruned = dir.File("pruned.onnx");
        CliRun.Of("prune", model, "-o", pruned, "--sparsity", "0.5").AssertSuccess();
        if (bits is not { } b)
        {
            return pruned;
        }

        var quantized = dir.File("quantized.onnx");
        CliRun.Of("quantize", pruned, "-o", quantized, "--bits", b.ToString(System.Globalization.CultureInfo.InvariantCulture)).AssertSuccess();
        return quantized;
    }

    /// <summary>Two epochs on 300 training examples, scored on 100 test examples: the run and the model it wrote.</summary>
    private static (CliRun Run, byte[] Model) OnSubset(TempDirectory dir, string input, string outputName, params string[] extra)
    {
        var run = Finetune(dir, input, dir.File(outputName), ["--train-count", "300", "--test-count", "100", "--epochs", "2", .. extra]);
        return (run, File.ReadAllBytes(dir.File(outputName)));
    }

    private static CliRun Finetune(TempDirectory dir, string input, string output, params string[] extra) =>
        FinetuneWithRate(dir, input, output, "0.05", extra);

    private static CliRun FinetuneWithRate(TempDirectory dir, string input, string output, string learningRate, params string[] extra) =>
        CliRun.Of(["finetune", input, "--data", dir.DirectoryPath, "-o", output, "--scale", "0.00392157", "--lr", learningRate, "--batch-size", "32", "--seed", "4", "--json", .. extra])
            .AssertSuccess();

    private static List<(double? Loss, double Error)> Epochs(CliRun run)
    {
        using var json = JsonDocument.Parse(run.Out);
        return json.RootElement.GetProperty("epochs").EnumerateArray()
            .Select(e => (e.TryGetProperty("train_loss", out var l) ? l.GetDouble() : (double?)null, e.GetProperty("test_top1_error").GetDouble()))
            .ToList();
    }
}
