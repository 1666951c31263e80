using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;

namespace DeepCompress.Onnx.Tests;

/// <summary>Offsets past 2^31 in external data, on a sparse data file (see <see cref="FarOffsetExternalData"/>).</summary>
public class ExternalDataBeyond2GiBTests
{
    [Fact]
    public void BothLoadersReadATensorStoredBeyond2GiB()
    {
        using var dir = new TempDirectory();
        var model = TestModelFactory.Mlp([64, 48, 10]);
        var expected = model.ToOnnxModel().FindLayers().Single(l => l.Name == "fc1.weight").ReadWeights();
        var path = FarOffsetExternalData.Save(model, "fc1.weight", dir.DirectoryPath);
        Assert.Equal(FarOffsetExternalData.DataFileLength, new FileInfo(dir.File(FarOffsetExternalData.DataFileName)).Length);

        using (var streamed = StreamedOnnxModel.Open(path))
        {
            var layer = streamed.FindLayers().Single(l => l.Name == "fc1.weight");
            Assert.Equal(expected, streamed.ReadWeights(layer));
            streamed.Detach(layer);
            Assert.Equal(expected, streamed.ReadWeights(layer));
        }

        var loaded = OnnxModel.Load(path);
        Assert.Equal(expected, loaded.FindLayers().Single(l => l.Name == "fc1.weight").ReadWeights());
    }

    /// <summary>
    /// A layer of 2,149,580,800 bytes read into one float array (as Han's std rule does): its bytes do not fit one
    /// span, so the read goes in pieces; every nonzero lands where <see cref="BeyondTwoGiBModel"/> put it.
    /// </summary>
    [SkippableFact]
    public void ALayerOver2GiBIsReadWholeIntoOneArray()
    {
        using var dir = new TempDirectory();
        var noRoom = SparseFiles.WhyNoRoom(dir.DirectoryPath, BeyondTwoGiBModel.DataFileLength, 0);
        Skip.If(noRoom is not null, noRoom);
        using var model = StreamedOnnxModel.Open(BeyondTwoGiBModel.Save(dir.DirectoryPath));
        var layers = model.FindLayers();
        var weights = model.ReadWeights(layers.Single(l => l.Name == BeyondTwoGiBModel.WideName));

        // Wide is zero outside the blocks, so a nonzero anywhere else fails too.
        var nonzeros = 0;
        var at = 0;
        while (weights.AsSpan(at).IndexOfAnyExcept(0f) is var next and >= 0)
        {
            at += next;
            Assert.Equal(BeyondTwoGiBModel.Wide(at), weights[at]);
            nonzeros++;
            at++;
        }

        Assert.Equal(BeyondTwoGiBModel.BlockStarts.Count * BeyondTwoGiBModel.BlockElements, nonzeros);
        var head = model.ReadWeights(layers.Single(l => l.Name == BeyondTwoGiBModel.HeadName));
        Assert.Equal(Enumerable.Range(0, head.Length).Select(BeyondTwoGiBModel.Head), head);
    }

    [Fact]
    public void WeightsOver2GiBCannotBeHeldInTheModel()
    {
        var graph = new OnnxGraphBuilder("wide", new Random(1));
        graph.Input("x", TensorProto.Types.DataType.Float, 1, BeyondTwoGiBModel.Inputs);
        graph.Graph.Initializer.Add(new TensorProto
        {
            Name = BeyondTwoGiBModel.WideName,
            DataType = (int)TensorProto.Types.DataType.Float,
            Dims = { BeyondTwoGiBModel.Inputs, BeyondTwoGiBModel.Hidden },
        });
        graph.Node("MatMul", "matmul", ["x", BeyondTwoGiBModel.WideName], ["y"]);
        graph.Output("y", TensorProto.Types.DataType.Float, 1, BeyondTwoGiBModel.Hidden);
        var proto = new ModelProto { IrVersion = 7, Graph = graph.Graph, OpsetImport = { new OperatorSetIdProto { Version = 13 } } };
        var layer = OnnxModel.FromProto(proto, "wide.onnx").FindLayers().Single();

        // Never written to, so the array's pages are never touched: the size check comes first.
        var error = Assert.Throws<NotSupportedException>(() => layer.WriteWeights(new float[layer.ElementCount]));
        Assert.Contains($"weight '{BeyondTwoGiBModel.WideName}' has {BeyondTwoGiBModel.WideBytes} bytes", error.Message);
        Assert.Equal(0, layer.Tensor.RawData.Length);
    }

    [Fact]
    public void AnOffsetPastTheEndOfTheFarDataFileIsRejectedWithBothNumbers()
    {
        using var dir = new TempDirectory();
        var path = FarOffsetExternalData.Save(TestModelFactory.Mlp([64, 48, 10]), "fc1.weight", dir.DirectoryPath);
        using (var stream = new FileStream(dir.File(FarOffsetExternalData.DataFileName), FileMode.Open))
        {
            stream.SetLength(FarOffsetExternalData.TensorOffset + 100);
        }

        var error = Assert.Throws<InvalidModelException>(() => StreamedOnnxModel.Open(path));
        Assert.Contains(FarOffsetExternalData.TensorOffset.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
        Assert.Contains($"({FarOffsetExternalData.TensorOffset + 100} bytes)", error.Message);
    }
}
