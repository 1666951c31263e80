using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;
using Google.Protobuf;

namespace DeepCompress.Onnx.Tests;

public sealed class SaveTests
{
    [Fact]
    public void Unknown_fields_survive_load_and_save()
    {
        using var directory = new TempDirectory();
        TestModel model = TestModelFactory.Mlp([3, 2]);
        TensorProto bias = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.bias");
        byte[] tensorMarker = UnknownLengthDelimitedField(4001, "tensor-field-from-a-newer-onnx");
        TensorProto biasWithUnknown = TensorProto.Parser.ParseFrom([.. bias.ToByteArray(), .. tensorMarker]);
        model.Proto.Graph.Initializer[model.Proto.Graph.Initializer.IndexOf(bias)] = biasWithUnknown;
        byte[] modelMarker = UnknownLengthDelimitedField(4000, "model-field-from-a-newer-onnx");
        byte[] original = [.. model.ToBytes(), .. modelMarker];
        string path = directory.File("unknown.onnx");
        File.WriteAllBytes(path, original);

        string saved = directory.File("saved.onnx");
        OnnxModel.Load(path).Save(saved);

        byte[] roundTripped = File.ReadAllBytes(saved);
        Assert.Equal(original, roundTripped);
        Assert.True(roundTripped.AsSpan().IndexOf(tensorMarker) > 0);
        Assert.True(roundTripped.AsSpan().EndsWith(modelMarker));
    }

    [Fact]
    public void Saving_twice_gives_identical_bytes()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        OnnxModel model = OnnxModel.Load(TestModelFactory.LeNet300100Like(WeightStorage.External).Save(first.DirectoryPath));

        model.Save(first.File("out.onnx"));
        model.Save(second.File("out.onnx"));

        Assert.Equal(File.ReadAllBytes(first.File("out.onnx")), File.ReadAllBytes(second.File("out.onnx")));
        Assert.Equal(File.ReadAllBytes(first.File("out.onnx.data")), File.ReadAllBytes(second.File("out.onnx.data")));
    }

    [Fact]
    public void Save_leaves_the_in_memory_model_unchanged_and_self_contained()
    {
        using var directory = new TempDirectory();
        OnnxModel model = OnnxModel.Load(TestModelFactory.Mlp([5, 7, 3], WeightStorage.External).Save(directory.DirectoryPath));
        byte[] before = model.ToBytes();

        model.Save(directory.File("out.onnx"));

        Assert.Equal(before, model.ToBytes());
        Assert.Equal(5 * 7, OnnxModel.FromBytes(before, "inline.onnx").FindLayers()[0].ReadWeights().Length);
    }

    [Fact]
    public void External_data_file_is_aligned_and_holds_exactly_the_tensor_bytes()
    {
        using var directory = new TempDirectory();
        OnnxModel model = OnnxModel.Load(TestModelFactory.Mlp([5, 7, 3], WeightStorage.External).Save(directory.DirectoryPath));
        model.Save(directory.File("out.onnx"));

        byte[] data = File.ReadAllBytes(directory.File("out.onnx.data"));
        ModelProto onDisk = ModelProto.Parser.ParseFrom(File.ReadAllBytes(directory.File("out.onnx")));
        var expectedOffset = 0L;
        foreach (TensorProto tensor in onDisk.Graph.Initializer)
        {
            long offset = long.Parse(tensor.ExternalData.Single(e => e.Key == "offset").Value, System.Globalization.CultureInfo.InvariantCulture);
            int length = int.Parse(tensor.ExternalData.Single(e => e.Key == "length").Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expectedOffset, offset);
            TensorProto inMemory = model.Proto.Graph.Initializer.Single(t => t.Name == tensor.Name);
            Assert.Equal(inMemory.RawData.ToByteArray(), data.AsSpan((int)offset, length).ToArray());
            expectedOffset = (offset + length + 4095) / 4096 * 4096;
        }

        Assert.Equal(4, onDisk.Graph.Initializer.Count);
    }

    [Fact]
    public void A_model_over_the_size_limit_moves_tensors_of_1_KiB_or_more_to_the_data_file()
    {
        using var directory = new TempDirectory();
        string original = TestModelFactory.Mlp([64, 64, 10]).Save(directory.DirectoryPath);
        OnnxModel model = OnnxModel.Load(original);
        string saved = directory.File("big.onnx");

        model.Save(saved, protobufSizeLimit: 10_000);

        ModelProto onDisk = ModelProto.Parser.ParseFrom(File.ReadAllBytes(saved));
        Assert.Equal(
            ["fc1.weight", "fc2.weight"],
            onDisk.Graph.Initializer.Where(t => t.DataLocation == TensorProto.Types.DataLocation.External).Select(t => t.Name));
        Assert.True(new FileInfo(saved).Length < 10_000);
        Assert.Equal(OrtRunner.Run(original)[0], OrtRunner.Run(saved)[0]);
    }

    [Fact]
    public void A_model_under_the_size_limit_is_saved_inline()
    {
        using var directory = new TempDirectory();
        OnnxModel model = OnnxModel.Load(TestModelFactory.Mlp([64, 64, 10]).Save(directory.DirectoryPath));

        model.Save(directory.File("small.onnx"));

        Assert.False(File.Exists(directory.File("small.onnx.data")));
    }

    [Fact]
    public void Float_data_tensors_are_externalized_as_little_endian_bytes()
    {
        using var directory = new TempDirectory();
        TestModel built = TestModelFactory.Mlp([64, 64, 10]);
        string original = built.Save(directory.DirectoryPath);
        OnnxModel model = OnnxModel.Load(original);
        TensorProto fc1 = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight");
        float[] values = model.FindLayers()[0].ReadWeights();
        fc1.ClearRawData();
        fc1.FloatData.Add(values);

        model.Save(directory.File("big.onnx"), protobufSizeLimit: 10_000);

        Assert.Equal(values, fc1.FloatData);
        Assert.Equal(values, OnnxModel.Load(directory.File("big.onnx")).FindLayers()[0].ReadWeights());
        Assert.Equal(OrtRunner.Run(original)[0], OrtRunner.Run(directory.File("big.onnx"))[0]);
    }

    [Fact]
    public void Failed_save_over_a_directory_leaves_no_file_behind()
    {
        using var directory = new TempDirectory();
        OnnxModel model = TestModelFactory.Mlp([3, 2]).ToOnnxModel();
        string target = directory.File("target.onnx");
        Directory.CreateDirectory(target);

        Assert.ThrowsAny<IOException>(() => model.Save(target));

        Assert.Equal([target], Directory.GetFileSystemEntries(directory.DirectoryPath));
    }

    [Fact]
    public void Failed_save_of_external_data_leaves_the_previous_model_and_no_temporary_file()
    {
        using var directory = new TempDirectory();
        OnnxModel model = OnnxModel.Load(TestModelFactory.Mlp([3, 2], WeightStorage.External).Save(directory.DirectoryPath));
        string target = directory.File("out.onnx");
        File.WriteAllText(target, "previous contents");
        Directory.CreateDirectory(target + ".data");
        string[] before = Directory.GetFileSystemEntries(directory.DirectoryPath);

        Assert.ThrowsAny<IOException>(() => model.Save(target));

        Assert.Equal(before.Order(), Directory.GetFileSystemEntries(directory.DirectoryPath).Order());
        Assert.Equal("previous contents", File.ReadAllText(target));
    }

    [Fact]
    public void Save_into_a_missing_directory_fails_without_creating_it()
    {
        using var directory = new TempDirectory();
        OnnxModel model = TestModelFactory.Mlp([3, 2]).ToOnnxModel();

        Assert.Throws<DirectoryNotFoundException>(() => model.Save(directory.File(Path.Combine("missing", "out.onnx"))));

        Assert.Empty(Directory.GetFileSystemEntries(directory.DirectoryPath));
    }

    private static byte[] UnknownLengthDelimitedField(int fieldNumber, string text)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(fieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteString(text);
        output.Flush();
        return stream.ToArray();
    }
}
