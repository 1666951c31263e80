using System.Buffers.Binary;
using System.Text.Json;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Data;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

public class RunCommandTests
{
    private const int Features = 40;
    private const int Classes = 10;

    private static float[] SeededInput(int count, int seed = 3)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (2 * random.NextSingle()) - 1)];
    }

    /// <summary>An MLP 40 → 30 → 10 compressed to model.dcz, and its decoded ONNX form for ONNX Runtime.</summary>
    private static (string Dcz, string Decoded) CompressedMlp(TempDirectory dir)
    {
        var onnx = TestModelFactory.Mlp([Features, 30, Classes]).Save(dir.DirectoryPath);
        CliRun.Of("compress", onnx, "-o", dir.File("model.dcz"), "--sparsity", "0.8", "--bits", "5").AssertSuccess();
        CliRun.Of("decode", dir.File("model.dcz"), "-o", dir.File("decoded.onnx")).AssertSuccess();
        return (dir.File("model.dcz"), dir.File("decoded.onnx"));
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(v => Math.Abs(v));
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * scale, $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    [Fact]
    public void DczOnNpyInputWritesTheOutputOnnxRuntimeComputesOnTheDecodedModel()
    {
        using var dir = new TempDirectory();
        var (dcz, decoded) = CompressedMlp(dir);
        var input = SeededInput(3 * Features);
        NpyWriter.Write(dir.File("x.npy"), [3, Features], input);

        CliRun.Of("run", dcz, "--input", dir.File("x.npy"), "-o", dir.File("y.npy"), "--threads", "2").AssertSuccess();

        var output = NpyReader.Read(dir.File("y.npy"));
        Assert.Equal([3, Classes], output.Shape);
        AssertClose(OrtRunner.RunSingle(decoded, input, 3, Features), output.ToSingleArray());
    }

    [Fact]
    public void OutputIsByteIdenticalForAnyThreadCount()
    {
        using var dir = new TempDirectory();
        var (dcz, _) = CompressedMlp(dir);
        NpyWriter.Write(dir.File("x.npy"), [5, Features], SeededInput(5 * Features));
        CliRun.Of("run", dcz, "--input", dir.File("x.npy"), "-o", dir.File("y1.npy"), "--threads", "1").AssertSuccess();
        CliRun.Of("run", dcz, "--input", dir.File("x.npy"), "-o", dir.File("y3.npy"), "--threads", "3").AssertSuccess();
        Assert.Equal(File.ReadAllBytes(dir.File("y1.npy")), File.ReadAllBytes(dir.File("y3.npy")));
    }

    [Fact]
    public void RawFloat32WithShapeGivesTheSameOutputAsNpy()
    {
        using var dir = new TempDirectory();
        var (dcz, _) = CompressedMlp(dir);
        var input = SeededInput(2 * Features);
        NpyWriter.Write(dir.File("x.npy"), [2, Features], input);
        var raw = new byte[input.Length * sizeof(float)];
        for (var i = 0; i < input.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), input[i]);
        }

        File.WriteAllBytes(dir.File("x.bin"), raw);
        var fromNpy = CliRun.Of("run", dcz, "--input", dir.File("x.npy"), "--json").AssertSuccess().Out;
        var fromRaw = CliRun.Of("run", dcz, "--input", dir.File("x.bin"), "--shape", $"2,{Features}", "--json").AssertSuccess().Out;
        Assert.Equal(Values(fromNpy), Values(fromRaw));
    }

    [Fact]
    public void PrintsShapeValuesAndArgmaxPerRowOfAnOnnxModel()
    {
        using var dir = new TempDirectory();
        var onnx = TestModelFactory.Mlp([Features, 30, Classes]).Save(dir.DirectoryPath);
        var input = SeededInput(2 * Features);
        NpyWriter.Write(dir.File("x.npy"), [2, Features], input);

        var json = CliRun.Of("run", onnx, "--input", dir.File("x.npy"), "--json").AssertSuccess().Out;
        var expected = OrtRunner.RunSingle(onnx, input, 2, Features);
        AssertClose(expected, Values(json));
        using var doc = JsonDocument.Parse(json);
        var argmax = doc.RootElement.GetProperty("outputs")[0].GetProperty("argmax").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        int[] expectedArgmax = [.. Enumerable.Range(0, 2).Select(r => Array.IndexOf(expected, expected.Skip(r * Classes).Take(Classes).Max(), r * Classes) - (r * Classes))];
        Assert.Equal(expectedArgmax, argmax);

        var table = CliRun.Of("run", onnx, "--input", dir.File("x.npy")).AssertSuccess().Out;
        Assert.StartsWith("output [2x10]", table);
        Assert.Contains($"argmax {expectedArgmax[1]}: ", table);
    }

    [Fact]
    public void IdxImagesAreNormalisedAndCountTakesTheFirstImages()
    {
        using var dir = new TempDirectory();
        var onnx = TestModelFactory.LeNet5Like().Save(dir.DirectoryPath);
        var pixels = new byte[4 * 28 * 28];
        new Random(5).NextBytes(pixels);
        WriteIdx(dir.File("images-idx3-ubyte"), pixels, 4, 28, 28);
        var expected = pixels.Take(2 * 28 * 28).Select(p => (p * 0.5f - 0.25f) / 2f).ToArray();
        NpyWriter.Write(dir.File("x.npy"), [2, 1, 28, 28], expected);

        var fromIdx = CliRun.Of("run", onnx, "--input", dir.File("images-idx3-ubyte"), "--count", "2", "--scale", "0.5", "--mean", "0.25", "--std", "2", "--json").AssertSuccess().Out;
        var fromNpy = CliRun.Of("run", onnx, "--input", dir.File("x.npy"), "--json").AssertSuccess().Out;
        Assert.Equal(Values(fromNpy), Values(fromIdx));
        using var doc = JsonDocument.Parse(fromIdx);
        Assert.Equal([2, Classes], doc.RootElement.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
    }

    public static TheoryData<string, string[], int, string> BadInputs => new()
    {
        { "raw without --shape", ["--input", "{dir}/x.bin"], ExitCodes.InvalidInput, "x.bin" },
        { "raw of the wrong length", ["--input", "{dir}/x.bin", "--shape", "3,40"], ExitCodes.InvalidInput, "needs 480" },
        { "shape the model does not take", ["--input", "{dir}/x.bin", "--shape", "4,20"], ExitCodes.InvalidInput, "does not fit model input 'input' [?x40]" },
        { "more images than the input has", ["--input", "{dir}/x.npy", "--count", "9"], ExitCodes.InvalidInput, "--count 9" },
        { "--shape on a .npy", ["--input", "{dir}/x.npy", "--shape", "2,40"], ExitCodes.InvalidInput, "drop --shape" },
        { "missing input", ["--input", "{dir}/none.npy"], ExitCodes.InvalidInput, "none.npy: no such file" },
        { "unparsable shape", ["--input", "{dir}/x.bin", "--shape", "2,x"], ExitCodes.UsageError, "--shape: '2,x'" },
        { "zero count", ["--input", "{dir}/x.npy", "--count", "0"], ExitCodes.UsageError, "--count must be at least 1" },
        { "negative std", ["--input", "{dir}/x.npy", "--std", "-1"], ExitCodes.UsageError, "--std must be" },
        { "output directory missing", ["--input", "{dir}/x.npy", "-o", "{dir}/no/y.npy"], ExitCodes.UsageError, "does not exist" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputIsOneClearLineWithItsExitCodeAndNoOutput(string what, string[] arguments, int code, string message)
    {
        using var dir = new TempDirectory();
        var (dcz, _) = CompressedMlp(dir);
        NpyWriter.Write(dir.File("x.npy"), [2, Features], SeededInput(2 * Features));
        File.WriteAllBytes(dir.File("x.bin"), new byte[2 * Features * sizeof(float)]);
        File.WriteAllText(dir.File("y.npy"), "previous");
        string[] args = ["run", dcz, .. arguments.Select(a => a.Replace("{dir}", dir.DirectoryPath, StringComparison.Ordinal))];
        if (!args.Contains("-o"))
        {
            args = [.. args, "-o", dir.File("y.npy")];
        }

        var run = CliRun.Of(args);
        Assert.True(run.Code == code, $"{what}: exit {run.Code}, stderr {run.Err}");
        Assert.Single(run.ErrorLines);
        Assert.Contains(message, run.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Out);
        Assert.Equal("previous", File.ReadAllText(dir.File("y.npy")));
        Assert.DoesNotContain(Directory.GetFiles(dir.DirectoryPath), f => f.Contains(Core.IO.AtomicFile.TemporaryInfix, StringComparison.Ordinal));
    }

    [Fact]
    public void ACorruptContainerIsInvalidInput()
    {
        using var dir = new TempDirectory();
        var (dcz, _) = CompressedMlp(dir);
        var bytes = File.ReadAllBytes(dcz);
        File.WriteAllBytes(dir.File("cut.dcz"), bytes[..(bytes.Length / 2)]);
        NpyWriter.Write(dir.File("x.npy"), [1, Features], SeededInput(Features));
        var run = CliRun.Of("run", dir.File("cut.dcz"), "--input", dir.File("x.npy"));
        Assert.Equal(ExitCodes.InvalidInput, run.Code);
        Assert.Single(run.ErrorLines);
        Assert.Equal(string.Empty, run.Out);
    }

    private static float[] Values(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty("outputs")[0].GetProperty("values").EnumerateArray().Select(e => e.GetSingle())];
    }

    private static void WriteIdx(string path, byte[] data, params int[] dims)
    {
        using var stream = File.Create(path);
        stream.Write([0, 0, 0x08, (byte)dims.Length]);
        Span<byte> dim = stackalloc byte[4];
        foreach (var d in dims)
        {
            BinaryPrimitives.WriteInt32BigEndian(dim, d);
            stream.Write(dim);
        }

        stream.Write(data);
    }
}
