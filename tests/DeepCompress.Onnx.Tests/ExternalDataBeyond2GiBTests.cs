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
