using DeepCompress.Cli.Pipeline;
using DeepCompress.Core.Quantization;
using DeepCompress.Onnx;
using DeepCompress.TestModels;

namespace DeepCompress.Cli.Tests;

/// <summary>
/// The pieces `compress` streams a layer through: the layer read in parts on several threads, and the codebook taken
/// from the k-means assignments rather than from the shared values, both giving the bytes of the dense path.
/// </summary>
public class StreamingCompressionTests
{
    [Fact]
    public void AClusteredLayerIsTheSharedLayerEvenWithAnUnusedCentroid()
    {
        var layer = TestModelFactory.Mlp([4, 2]).ToOnnxModel().FindLayers()[0];
        int[] positions = [0, 2, 3, 5, 7];
        var clusters = new KMeansResult([-1.5f, -0.25f, 0.5f, 2f], [3, 0, 3, 2, 0], 0, 1);
        var shared = clusters.Assignments.Select(a => clusters.Centroids[a]).ToArray();

        var fromAssignments = ContainerCodec.EncodeClusteredLayer(layer, positions, clusters).Weights;
        var fromValues = ContainerCodec.EncodeSharedLayer(layer, NonZeroWeightsAt(positions, shared), 2).Weights;

        Assert.Equal([-1.5f, 0.5f, 2f], fromAssignments.Codebook);
        Assert.Equal(fromValues.Codebook, fromAssignments.Codebook);
        Assert.Equal(fromValues.Codes, fromAssignments.Codes);
        Assert.Equal(fromValues.Positions, fromAssignments.Positions);
    }

    [Fact]
    public void ALayerReadInPartsOnTwoThreadsGivesTheBytesOfOneThreadAndOfPruneQuantizeEncode()
    {
        // fc1 has 2.1M weights: enough for two parts of at least 1M each when compress runs on two threads.
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([700, 3000, 10], WeightStorage.External).Save(dir.DirectoryPath);
        string[] options = ["--sparsity", "0.9", "--bits", "4"];
        CliRun.Of(["compress", input, "-o", dir.File("one.dcz"), "--threads", "1", .. options]).AssertSuccess();
        CliRun.Of(["compress", input, "-o", dir.File("two.dcz"), "--threads", "2", .. options]).AssertSuccess();
        CliRun.Of(["prune", input, "-o", dir.File("p.onnx"), "--sparsity", "0.9"]).AssertSuccess();
        CliRun.Of(["quantize", dir.File("p.onnx"), "-o", dir.File("q.onnx"), "--bits", "4"]).AssertSuccess();
        CliRun.Of(["encode", dir.File("q.onnx"), "-o", dir.File("e.dcz"), "--bits", "4"]).AssertSuccess();

        var one = File.ReadAllBytes(dir.File("one.dcz"));
        Assert.Equal(one, File.ReadAllBytes(dir.File("two.dcz")));
        var encoded = Format.DczReader.Read(File.ReadAllBytes(dir.File("e.dcz")), "e.dcz");
        var compressed = Format.DczReader.Read(one, "one.dcz");
        foreach (var (e, c) in encoded.Layers.Zip(compressed.Layers, (e, c) => (e.Weights, c.Weights)))
        {
            Assert.Equal(e.Positions, c.Positions);
            Assert.Equal(e.Codebook, c.Codebook);
            Assert.Equal(e.Codes, c.Codes);
        }
    }

    [Fact]
    public void TheLargestLayerPreparedFirstStillGivesTheBytesOfOneThread()
    {
        // Three threads or two: the largest layer (last here) is prepared first, the container still lists the layers
        // in model order, byte for byte as at one thread.
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([20, 30, 40, 600, 900], WeightStorage.External).Save(dir.DirectoryPath);
        string[] options = ["--sparsity", "0.8", "--bits", "4", "--min-size", "0"];
        CliRun.Of(["compress", input, "-o", dir.File("one.dcz"), "--threads", "1", .. options]).AssertSuccess();
        CliRun.Of(["compress", input, "-o", dir.File("two.dcz"), "--threads", "2", .. options]).AssertSuccess();
        CliRun.Of(["compress", input, "-o", dir.File("three.dcz"), "--threads", "3", .. options]).AssertSuccess();

        var one = File.ReadAllBytes(dir.File("one.dcz"));
        Assert.Equal(one, File.ReadAllBytes(dir.File("two.dcz")));
        Assert.Equal(one, File.ReadAllBytes(dir.File("three.dcz")));
        Assert.Equal(["fc1.weight", "fc2.weight", "fc3.weight", "fc4.weight"], Format.DczReader.Read(one, "one.dcz").Layers.Select(l => l.Name));
    }

    [Fact]
    public void TheVerboseTimelineHasEveryStepOfEveryLayerInOrder()
    {
        using var dir = new TempDirectory();
        var input = TestModelFactory.Mlp([30, 20, 10], WeightStorage.External).Save(dir.DirectoryPath);
        var run = CliRun.Of(["compress", input, "-o", dir.File("t.dcz"), "--threads", "2", "--min-size", "0", "--verbose"]);
        run.AssertSuccess();

        foreach (var layer in new[] { "fc1.weight", "fc2.weight" })
        {
            foreach (var step in new[] { "prune", "k-means", "positions", "encode", "write" })
            {
                Assert.Contains($"{layer} {step}: ", run.Err, StringComparison.Ordinal);
            }
        }

        // Layers are written in model order, whichever thread prepared them.
        Assert.True(run.Err.IndexOf("fc1.weight write: ", StringComparison.Ordinal) < run.Err.IndexOf("fc2.weight write: ", StringComparison.Ordinal));
        Assert.Contains("started ", run.Err, StringComparison.Ordinal);
        Assert.Contains(" open: ", run.Err, StringComparison.Ordinal);
    }

    private static NonZeroWeights NonZeroWeightsAt(int[] positions, float[] values)
    {
        var dense = new float[positions[^1] + 1];
        for (var j = 0; j < positions.Length; j++)
        {
            dense[positions[j]] = values[j];
        }

        return NonZeroWeights.Extract(dense);
    }
}
