using System.Buffers.Binary;
using System.Globalization;
using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core.Data;
using DeepCompress.Onnx;
using DeepCompress.TestModels;
using static DeepCompress.Cli.Tests.ModelAssertions;

namespace DeepCompress.Cli.Tests;

/// <summary>
/// Issue 6's model over 2 GB, end to end through the CLI built beside the tests: a single weight of 2,149,580,800
/// bytes and two tensors stored after it (<see cref="BeyondTwoGiBModel"/>), compressed, decoded to a data file past
/// 2 GiB and run, in a few MiB of disk where the file system has holes.
/// </summary>
public partial class LargeModelTests
{
    /// <summary>Disk the test uses beyond its sparse files: the container, the decoded graph and the probes.</summary>
    private const long SmallFilesBytes = 256L << 20;

    /// <summary>
    /// A command that held <c>wide</c> even once would exceed this: a quarter of its 2,050 MiB. Measured with
    /// /usr/bin/time (2026-11-23 18:18 UTC, load 8): compress 58 MiB, decode 48 MiB, run 49 MiB.
    /// </summary>
    private const double BeyondTwoGiBPeakMiB = BeyondTwoGiBModel.WideBytes / 4 / BytesPerMiB;

    [SkippableFact]
    public void CompressDecodeAndRunAModelWhoseDataFilePasses2GiB()
    {
        using var dir = new TempDirectory();

        // The input's data file and the decoded one.
        var noRoom = SparseFiles.WhyNoRoom(dir.DirectoryPath, 2 * BeyondTwoGiBModel.DataFileLength, SmallFilesBytes);
        Skip.If(noRoom is not null, noRoom);

        var input = BeyondTwoGiBModel.Save(dir.DirectoryPath);
        var compress = RunMeasured("compress", input, "-o", dir.File("c.dcz"), "--threads", "2");
        AssertPeakBelow(compress, BeyondTwoGiBPeakMiB);
        var decode = RunMeasured("decode", dir.File("c.dcz"), "-o", dir.File("d.onnx"), "--external-data");
        AssertPeakBelow(decode, BeyondTwoGiBPeakMiB);

        var x = new byte[BeyondTwoGiBModel.Inputs * sizeof(float)];
        for (var i = 0; i < BeyondTwoGiBModel.Inputs; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(x.AsSpan(i * sizeof(float)), BeyondTwoGiBModel.Input(i));
        }

        File.WriteAllBytes(dir.File("x.bin"), x);
        var run = RunMeasured("run", dir.File("c.dcz"), "--input", dir.File("x.bin"), "--shape", $"1,{BeyondTwoGiBModel.Inputs}", "-o", dir.File("y.npy"));
        AssertPeakBelow(run, BeyondTwoGiBPeakMiB);

        // Commands that load the model whole cannot hold a tensor past Array.MaxLength bytes in its protobuf message.
        var prune = CliRun.Of("prune", input, "-o", dir.File("p.onnx"), "--sparsity", "0.5");
        Assert.Equal(ExitCodes.Unsupported, prune.Code);
        Assert.Contains($"tensor '{BeyondTwoGiBModel.WideName}' has {BeyondTwoGiBModel.WideBytes} bytes", prune.Err);

        AssertNoStrayFiles(
            dir.DirectoryPath, BeyondTwoGiBModel.ModelFileName, BeyondTwoGiBModel.DataFileName, "c.dcz", "d.onnx", "d.onnx.data", "x.bin", "y.npy");
        AssertOutputIsTheModelsProduct(NpyReader.Read(dir.File("y.npy")).ToSingleArray());
        AssertDecodedWeights(dir.File("d.onnx"));

        var dataFile = dir.File("d.onnx.data");
        Assert.True(new FileInfo(dataFile).Length > BeyondTwoGiBModel.WideBytes);
        var allocated = SparseFiles.AllocatedBytes(dataFile);
        Skip.If(
            !SparseFiles.SupportHoles(dir.DirectoryPath) || allocated is null,
            $"{dir.DirectoryPath}: the file system has no holes (or stat(1) cannot tell); all but the decoded file's disk use was checked");

        // The nonzero blocks, the head layer, and what the file system keeps for the file's extents.
        Assert.True(allocated < 16L << 20, $"decoded data file: {allocated} bytes allocated of {new FileInfo(dataFile).Length}");
    }

    private static void AssertOutputIsTheModelsProduct(float[] y)
    {
        var (expected, magnitudes) = BeyondTwoGiBModel.ExpectedOutput();
        Assert.Equal(BeyondTwoGiBModel.Outputs, y.Length);
        for (var k = 0; k < y.Length; k++)
        {
            // The model's values make float32 exact here (see BeyondTwoGiBModel), so one wrong weight, which moves y
            // by at least 2^-10, cannot hide in a tolerance.
            Assert.True(magnitudes[k] < 1 << 14, $"y[{k}] sums terms of magnitude {magnitudes[k]}: float32 would round");
            Assert.Equal(expected[k], y[k]);
        }
    }

    /// <summary>
    /// Reads the decoded model back with the library's streamed reader: each nonzero block of <c>wide</c> with a
    /// block of zeros either side, zeros far from any block, and <c>head</c>, stored past 2^31.
    /// </summary>
    private static void AssertDecodedWeights(string path)
    {
        using var model = StreamedOnnxModel.Open(path);
        var layers = model.FindLayers().ToDictionary(l => l.Name, StringComparer.Ordinal);
        var wide = layers[BeyondTwoGiBModel.WideName];
        const int window = 3 * BeyondTwoGiBModel.BlockElements;
        var buffer = new float[window];
        long[] zeroRegions = [100_000_000, 450_000_000, (1L << 29) + 100_000];
        foreach (var first in BeyondTwoGiBModel.BlockStarts.Select(s => Math.Clamp(s - BeyondTwoGiBModel.BlockElements, 0, wide.ElementCount - window)).Concat(zeroRegions))
        {
            model.ReadWeights(wide, first, buffer);
            var expected = Enumerable.Range(0, window).Select(i => BeyondTwoGiBModel.Wide(first + i)).ToArray();
            Assert.Equal(expected, buffer);
        }

        var head = layers[BeyondTwoGiBModel.HeadName];
        var offset = long.Parse(head.Tensor.ExternalData.Single(e => e.Key == "offset").Value, CultureInfo.InvariantCulture);
        Assert.True(offset > int.MaxValue, $"head is at offset {offset}");
        var headValues = model.ReadWeights(head);
        Assert.Equal(Enumerable.Range(0, head.ElementCount).Select(BeyondTwoGiBModel.Head), headValues);
    }

    private static void AssertPeakBelow((string Err, double PeakMiB, double StartMiB) run, double limitMiB) =>
        Assert.True(run.PeakMiB < limitMiB, $"peak {run.PeakMiB:0.0} MiB >= {limitMiB:0.0} MiB\n{run.Err}");
}
