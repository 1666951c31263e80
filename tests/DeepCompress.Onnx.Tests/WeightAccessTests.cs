using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;
using Google.Protobuf;

namespace DeepCompress.Onnx.Tests;

public sealed class WeightAccessTests
{
    [Fact]
    public void Written_weights_are_what_onnx_runtime_computes_with_after_save()
    {
        using var directory = new TempDirectory();
        OnnxModel model = OnnxModel.Load(TestModelFactory.Mlp([4, 3]).Save(directory.DirectoryPath));
        WeightLayer fc1 = Assert.Single(model.FindLayers());
        float[] weights = [.. Enumerable.Range(0, 12).Select(i => (i - 5) * 0.25f)];
        fc1.WriteWeights(weights);
        string saved = directory.File("saved.onnx");
        model.Save(saved);

        Assert.Equal(weights, Assert.Single(OnnxModel.Load(saved).FindLayers()).ReadWeights());
        float[] bias = ReadBias(model);
        float[] x = [0.5f, -1f, 2f, 0.125f, 1f, 1f, -1f, 3f];
        float[] y = OrtRunner.RunSingle(saved, x, 2, 4);
        for (int row = 0; row < 2; row++)
        {
            for (int o = 0; o < 3; o++)
            {
                // Gemm with transB=1: y = x · Wᵀ + b, W stored [out, in].
                double expected = bias[o];
                double magnitude = Math.Abs(bias[o]);
                for (int i = 0; i < 4; i++)
                {
                    expected += (double)x[(row * 4) + i] * weights[(o * 4) + i];
                    magnitude += Math.Abs((double)x[(row * 4) + i] * weights[(o * 4) + i]);
                }

                Assert.True(Math.Abs(y[(row * 3) + o] - expected) <= 1e-6 * (1 + magnitude), $"y[{row},{o}] = {y[(row * 3) + o]}, expected {expected}");
            }
        }
    }

    [Fact]
    public void Write_stores_little_endian_raw_data_and_clears_float_data()
    {
        TestModel model = TestModelFactory.Mlp([2, 2]);
        TensorProto tensor = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight");
        tensor.ClearRawData();
        tensor.FloatData.Add([1f, 2f, 3f, 4f]);
        WeightLayer layer = Assert.Single(model.ToOnnxModel().FindLayers());
        Assert.Equal([1f, 2f, 3f, 4f], layer.ReadWeights());

        layer.WriteWeights([1f, -2f, 0.5f, 0f]);

        Assert.Empty(layer.Tensor.FloatData);
        Assert.Equal(
            [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x00, 0x00, 0x00, 0x3F, 0x00, 0x00, 0x00, 0x00],
            layer.Tensor.RawData.ToByteArray());
        Assert.Equal([1f, -2f, 0.5f, 0f], layer.ReadWeights());
    }

    [Fact]
    public void Write_with_the_wrong_length_is_refused()
    {
        WeightLayer layer = Assert.Single(TestModelFactory.Mlp([2, 2]).ToOnnxModel().FindLayers());

        Assert.Throws<ArgumentException>(() => layer.WriteWeights(new float[3]));
    }

    [Fact]
    public void Raw_data_of_the_wrong_length_is_reported_with_the_sizes()
    {
        TestModel model = TestModelFactory.Mlp([2, 2]);
        model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight").RawData = ByteString.CopyFrom(new byte[15]);
        WeightLayer layer = Assert.Single(model.ToOnnxModel().FindLayers());

        var error = Assert.Throws<InvalidModelException>(layer.ReadWeights);
        Assert.Contains("'fc1.weight' has 15 bytes of raw_data", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs 16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cleared_weights_keep_the_layer_and_can_be_restored_from_bytes()
    {
        // The .dcz container's path: clear the weights, carry the graph as bytes, refill it, run it.
        using var directory = new TempDirectory();
        string original = TestModelFactory.ConvNet([3, 4, 8], groups: 2, storage: WeightStorage.ConstantNode).Save(directory.DirectoryPath);
        OnnxModel model = OnnxModel.Load(original);
        float[][] weights = [.. model.FindLayers().Select(l => l.ReadWeights())];
        int fullSize = model.ToBytes().Length;
        foreach (WeightLayer layer in model.FindLayers())
        {
            layer.ClearWeights();
        }

        byte[] graphOnly = model.ToBytes();
        Assert.True(graphOnly.Length < fullSize - (weights.Sum(w => w.Length) * sizeof(float)) + 1);
        OnnxModel restored = OnnxModel.FromBytes(graphOnly, "graph.onnx");
        IReadOnlyList<WeightLayer> layers = restored.FindLayers();
        Assert.Equal(["conv1.weight", "conv2.weight", "fc.weight"], layers.Select(l => l.Name));
        Assert.Throws<InvalidModelException>(layers[0].ReadWeights);
        for (int i = 0; i < layers.Count; i++)
        {
            layers[i].WriteWeights(weights[i]);
        }

        string saved = directory.File("restored.onnx");
        restored.Save(saved);
        Assert.Equal(OrtRunner.Run(original)[0], OrtRunner.Run(saved)[0]);
    }

    private static float[] ReadBias(OnnxModel model)
    {
        byte[] raw = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.bias").RawData.ToByteArray();
        return [.. Enumerable.Range(0, raw.Length / sizeof(float)).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * sizeof(float))))];
    }
}
