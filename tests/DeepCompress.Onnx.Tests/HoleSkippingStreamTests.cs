using System.Globalization;
using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;

namespace DeepCompress.Onnx.Tests;

/// <summary>Zero blocks of an external data file left as holes: the same bytes as writing them, less disk.</summary>
public class HoleSkippingStreamTests
{
    [Theory]
    [InlineData(1, true, true)]
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    [InlineData(4, false, false)]
    public void TheFileHoldsExactlyTheBytesWritten(int seed, bool leadingZeros, bool trailingZeros)
    {
        // Runs of zeros and nonzeros of every length around the block size, some nonzero runs a single byte, written
        // in pieces whose ends fall anywhere relative to the blocks.
        var random = new Random(seed);
        var content = new MemoryStream();
        if (leadingZeros)
        {
            content.Write(new byte[(3 * HoleSkippingStream.BlockBytes) + 5]);
        }

        for (var run = 0; run < 60; run++)
        {
            content.Write(new byte[random.Next(3 * HoleSkippingStream.BlockBytes)]);
            var nonzero = new byte[random.Next(2) == 0 ? 1 : random.Next(1, 2 * HoleSkippingStream.BlockBytes)];
            random.NextBytes(nonzero);
            nonzero[0] = 1;
            content.Write(nonzero);
        }

        if (trailingZeros)
        {
            content.Write(new byte[(2 * HoleSkippingStream.BlockBytes) + 7]);
        }

        var expected = content.ToArray();
        using var dir = new TempDirectory();
        var path = dir.File("holes.bin");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            using var stream = new HoleSkippingStream(file);
            for (var done = 0; done < expected.Length;)
            {
                var length = Math.Min(expected.Length - done, random.Next(1, 3 * HoleSkippingStream.BlockBytes));
                stream.Write(expected, done, length);
                done += length;
                Assert.Equal(done, stream.Position);
            }

            stream.Finish();
        }

        Assert.Equal(expected, File.ReadAllBytes(path));
    }

    [Fact]
    public void AFileThatIsNotEmptyIsRefused()
    {
        using var dir = new TempDirectory();
        using var file = new FileStream(dir.File("full.bin"), FileMode.CreateNew, FileAccess.ReadWrite);
        file.WriteByte(1);
        var error = Assert.Throws<ArgumentException>(() => new HoleSkippingStream(file));
        Assert.Contains("holds 1 bytes", error.Message);
    }

    /// <summary>
    /// A 16 MiB streamed tensor of zeros but for three blocks saves to the bytes a plain write gives (the payload at
    /// its offset, zeros around it) and, where the file system has holes, to a few blocks of disk.
    /// </summary>
    [SkippableFact]
    public void AMostlyZeroStreamedTensorIsSavedWithHoles()
    {
        const int rows = 1024;
        const int columns = 4096;
        var payload = new byte[rows * columns * sizeof(float)];
        long[] nonzeroAt = [0, 10_000_000, payload.Length - 5];
        foreach (var at in nonzeroAt)
        {
            payload.AsSpan((int)at, 5).Fill(0x3f);
        }

        var graph = new OnnxGraphBuilder("mostly_zero", new Random(1));
        graph.Input("x", TensorProto.Types.DataType.Float, 1, rows);
        graph.Constant("bias", Enumerable.Range(0, columns).Select(i => (float)i).ToArray(), columns);
        var weight = new TensorProto { Name = "weight", DataType = (int)TensorProto.Types.DataType.Float, Dims = { rows, columns } };
        graph.Graph.Initializer.Add(weight);
        var product = graph.Node("MatMul", "matmul", ["x", "weight"]);
        graph.Node("Add", "add", [product, "bias"], ["y"]);
        graph.Output("y", TensorProto.Types.DataType.Float, 1, columns);
        var proto = new ModelProto { IrVersion = 7, Graph = graph.Graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } };

        using var dir = new TempDirectory();
        OnnxModel.FromProto(proto, "mostly_zero.onnx").Save(dir.File("m.onnx"), [new TensorPayload(weight, payload.Length, s => s.Write(payload))]);

        var saved = ModelProto.Parser.ParseFrom(File.ReadAllBytes(dir.File("m.onnx")));
        var offset = long.Parse(saved.Graph.Initializer.Single(t => t.Name == "weight").ExternalData.Single(e => e.Key == "offset").Value, CultureInfo.InvariantCulture);
        var expected = new byte[offset + payload.Length];
        payload.CopyTo(expected, offset);
        var dataFile = dir.File("m.onnx.data");
        Assert.Equal(expected, File.ReadAllBytes(dataFile));

        var allocated = SparseFiles.AllocatedBytes(dataFile);
        Skip.If(!SparseFiles.SupportHoles(dir.DirectoryPath) || allocated is null, $"{dir.DirectoryPath}: the file system has no holes (or stat(1) cannot tell)");
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated for {expected.Length}");
    }
}
