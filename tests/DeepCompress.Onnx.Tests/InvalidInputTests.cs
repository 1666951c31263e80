using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;
using Google.Protobuf;

namespace DeepCompress.Onnx.Tests;

/// <summary>One defect per test; each must surface as the library's own exception with a message naming it.</summary>
public sealed class InvalidInputTests
{
    [Fact]
    public void Missing_file_throws_file_not_found()
    {
        using var directory = new TempDirectory();

        Assert.Throws<FileNotFoundException>(() => OnnxModel.Load(directory.File("absent.onnx")));
    }

    [Fact]
    public void Text_file_is_not_an_onnx_model()
    {
        // Text parses as protobuf up to a group tag (wire type 4), which the scanner names.
        using var directory = new TempDirectory();
        string path = directory.File("notes.onnx");
        File.WriteAllText(path, "This is a text file, not a model.\n");

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Equal($"{path}: malformed protobuf (34 bytes): field 10 (unknown) at byte 0 has wire type 4, which ONNX never uses (0, 1, 2 and 5 are valid)", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_bytes_are_not_an_onnx_model(int seed)
    {
        using var directory = new TempDirectory();
        string path = directory.File("random.onnx");
        byte[] bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_file_has_no_graph()
    {
        using var directory = new TempDirectory();
        string path = directory.File("empty.onnx");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Contains("not an ONNX model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_without_a_graph_is_refused()
    {
        var proto = new ModelProto { IrVersion = 7 };

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.FromBytes(proto.ToByteArray(), "x.onnx"));
        Assert.Equal("x.onnx: not an ONNX model (no graph)", error.Message);
    }

    [Fact]
    public void Model_without_an_ir_version_is_refused()
    {
        ModelProto proto = TestModelFactory.Mlp([3, 2]).Proto;
        proto.ClearIrVersion();

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.FromBytes(proto.ToByteArray(), "x.onnx"));
        Assert.Contains("ir_version missing", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Truncated_file_is_reported_as_truncated(double keptFraction)
    {
        using var directory = new TempDirectory();
        byte[] bytes = TestModelFactory.LeNet5Like().ToBytes();
        // The last field (opset_import) is length-delimited, so dropping even its final byte truncates it.
        int kept = Math.Min((int)(bytes.Length * keptFraction), bytes.Length - 1);
        string path = directory.File("model.onnx");
        File.WriteAllBytes(path, bytes[..kept]);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.StartsWith($"{path}: truncated protobuf ({kept} bytes): field ", error.Message, StringComparison.Ordinal);
        Assert.Contains(" at byte ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_external_data_file_is_named_with_the_tensor()
    {
        using var directory = new TempDirectory();
        string path = TestModelFactory.Mlp([3, 2], WeightStorage.External).Save(directory.DirectoryPath);
        File.Delete(directory.File(TestModel.ExternalFileName));

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Equal(
            $"{path}: external data file '{TestModel.ExternalFileName}' referenced by tensor 'fc1.weight' not found",
            error.Message);
    }

    [Fact]
    public void External_range_past_the_end_of_the_file_is_refused()
    {
        using var directory = new TempDirectory();
        string path = TestModelFactory.Mlp([3, 2], WeightStorage.External).Save(directory.DirectoryPath);
        string data = directory.File(TestModel.ExternalFileName);
        File.WriteAllBytes(data, File.ReadAllBytes(data)[..^4]);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Contains("is outside 'weights.bin'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_tensors_reading_more_bytes_than_their_file_holds_are_refused()
    {
        using var directory = new TempDirectory();
        TestModel model = TestModelFactory.Mlp([3, 2], WeightStorage.External);
        var initializers = model.Proto.Graph.Initializer;
        TensorProto weight = initializers.Single(t => t.Name == "fc1.weight");
        for (int copy = 0; copy < 8; copy++)
        {
            TensorProto alias = weight.Clone();
            alias.Name = $"alias{copy}";
            initializers.Add(alias);
        }

        string path = model.Save(directory.DirectoryPath);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Contains($"from '{TestModel.ExternalFileName}', which holds", error.Message, StringComparison.Ordinal);
        Assert.Contains("tensors overlap in the data file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("offset", "999999", "is outside 'weights.bin'")]
    [InlineData("offset", "-4", "expected an integer")]
    [InlineData("length", "abc", "expected an integer")]
    [InlineData("length", "8", "is 8 bytes; dims [2, 3] of 4 byte elements need 24")]
    public void Bad_external_data_entries_are_refused(string key, string value, string expected)
    {
        using var directory = new TempDirectory();
        TestModel model = TestModelFactory.Mlp([3, 2], WeightStorage.External);
        SetEntry(model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight"), key, value);
        string path = model.Save(directory.DirectoryPath);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Contains("'fc1.weight'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../weights.bin", "escapes the model's directory")]
    [InlineData("sub/../../weights.bin", "escapes the model's directory")]
    [InlineData("/etc/passwd", "is an absolute path")]
    [InlineData("", "no 'location' entry")]
    [InlineData("weights\0.bin", "contains a NUL character")]
    public void External_locations_outside_the_model_directory_are_refused(string location, string expected)
    {
        using var directory = new TempDirectory();
        string modelDirectory = Directory.CreateDirectory(directory.File("model")).FullName;
        TestModel model = TestModelFactory.Mlp([3, 2], WeightStorage.External);
        File.WriteAllBytes(directory.File(TestModel.ExternalFileName), model.ExternalFiles[TestModel.ExternalFileName]);
        SetEntry(model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight"), "location", location);
        string path = model.Save(modelDirectory);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_location_in_a_subdirectory_is_accepted()
    {
        using var directory = new TempDirectory();
        TestModel model = TestModelFactory.Mlp([3, 2], WeightStorage.External);
        foreach (TensorProto tensor in model.Proto.Graph.Initializer)
        {
            SetEntry(tensor, "location", "sub/../sub/weights.bin");
        }

        Directory.CreateDirectory(directory.File("sub"));
        File.WriteAllBytes(directory.File("sub/weights.bin"), model.ExternalFiles[TestModel.ExternalFileName]);
        string path = directory.File("model.onnx");
        File.WriteAllBytes(path, model.ToBytes());

        Assert.Equal(6, OnnxModel.Load(path).FindLayers()[0].ReadWeights().Length);
    }

    [Fact]
    public void External_data_through_a_symbolic_link_is_refused()
    {
        using var directory = new TempDirectory();
        using var elsewhere = new TempDirectory();
        TestModel model = TestModelFactory.Mlp([3, 2], WeightStorage.External);
        string path = model.Save(directory.DirectoryPath);
        string target = elsewhere.File("weights.bin");
        File.Move(directory.File(TestModel.ExternalFileName), target);
        File.CreateSymbolicLink(directory.File(TestModel.ExternalFileName), target);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.Load(path));
        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void External_data_in_a_model_read_from_bytes_is_unsupported()
    {
        TestModel model = TestModelFactory.Mlp([3, 2], WeightStorage.External);

        Assert.Throws<NotSupportedException>(() => OnnxModel.FromBytes(model.ToBytes(), "model.onnx"));
    }

    [Fact]
    public void Negative_dim_of_a_layer_is_refused()
    {
        TestModel model = TestModelFactory.Mlp([3, 2]);
        model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight").Dims[0] = -2;

        var error = Assert.Throws<InvalidModelException>(() => model.ToOnnxModel().FindLayers());
        Assert.Contains("'fc1.weight' has dim -2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layer_with_more_elements_than_an_array_holds_is_unsupported()
    {
        TestModel model = TestModelFactory.Mlp([3, 2]);
        TensorProto weight = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight");
        weight.Dims.Clear();
        weight.Dims.Add([1L << 20, 1L << 20]);

        Assert.Throws<NotSupportedException>(() => model.ToOnnxModel().FindLayers());
    }

    [Fact]
    public void Seeded_byte_flips_only_ever_raise_the_library_exceptions()
    {
        using var directory = new TempDirectory();
        TestModel model = TestModelFactory.IfSubgraphModel().WithExternalData();
        string path = model.Save(directory.DirectoryPath);
        byte[] original = File.ReadAllBytes(path);
        var random = new Random(2016);
        int refused = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] corrupt = (byte[])original.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--)
            {
                corrupt[random.Next(corrupt.Length)] ^= (byte)random.Next(1, 256);
            }

            File.WriteAllBytes(path, corrupt);
            try
            {
                OnnxModel loaded = OnnxModel.Load(path);
                foreach (WeightLayer layer in loaded.FindLayers())
                {
                    layer.ReadWeights();
                }

                loaded.Save(directory.File("out.onnx"));
            }
            catch (Exception ex) when (ex is InvalidModelException or NotSupportedException)
            {
                refused++;
            }
        }

        Assert.InRange(refused, 1, 299);
    }

    private static void SetEntry(TensorProto tensor, string key, string value)
    {
        StringStringEntryProto? entry = tensor.ExternalData.SingleOrDefault(e => e.Key == key);
        if (entry is null)
        {
            tensor.ExternalData.Add(new StringStringEntryProto { Key = key, Value = value });
        }
        else
        {
            entry.Value = value;
        }
    }
}
