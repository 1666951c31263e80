using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;

namespace DeepCompress.Onnx.Tests;

/// <summary>Load → Save must give a model that ONNX Runtime runs with outputs identical to the original's.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<WeightStorage, FcStyle, int> MlpCases()
    {
        var cases = new TheoryData<WeightStorage, FcStyle, int>();
        foreach (WeightStorage storage in Enum.GetValues<WeightStorage>())
        {
            foreach (FcStyle style in Enum.GetValues<FcStyle>())
            {
                foreach (int opset in new[] { 9, 11, 13, 17, 21 })
                {
                    cases.Add(storage, style, opset);
                }
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(MlpCases))]
    public void Mlp_round_trip_runs_identically(WeightStorage storage, FcStyle style, int opset)
    {
        AssertRoundTripRunsIdentically(TestModelFactory.Mlp([5, 7, 3], storage, style, opset));
    }

    public static TheoryData<int, ConvHead> OpsetCases()
    {
        var cases = new TheoryData<int, ConvHead>();
        for (int opset = TestModelFactory.MinOpset; opset <= TestModelFactory.MaxOpset; opset++)
        {
            foreach (ConvHead head in Enum.GetValues<ConvHead>())
            {
                cases.Add(opset, head);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(OpsetCases))]
    public void Conv_net_with_version_dependent_ops_round_trips_at_every_opset(int opset, ConvHead head)
    {
        TestModel model = TestModelFactory.ConvNet(
            [3, 4, 8], groups: 2, storage: WeightStorage.ConstantNode, opset: opset, activation: ConvActivation.Relu6, head: head);

        AssertRoundTripRunsIdentically(model);
    }

    [Theory]
    [InlineData(WeightStorage.Initializer, 9)]
    [InlineData(WeightStorage.ConstantNode, 13)]
    [InlineData(WeightStorage.External, 21)]
    public void Grouped_conv_round_trip_runs_identically(WeightStorage storage, int opset)
    {
        AssertRoundTripRunsIdentically(TestModelFactory.ConvNet([3, 4, 8], groups: 2, storage: storage, opset: opset));
    }

    [Theory]
    [InlineData(WeightStorage.Initializer, 11)]
    [InlineData(WeightStorage.External, 18)]
    public void Depthwise_conv_round_trip_runs_identically(WeightStorage storage, int opset)
    {
        AssertRoundTripRunsIdentically(TestModelFactory.ConvNet([2, 4, 8], depthwise: true, storage: storage, opset: opset));
    }

    [Fact]
    public void LeNet5_and_LeNet300100_round_trips_run_identically()
    {
        AssertRoundTripRunsIdentically(TestModelFactory.LeNet5Like(WeightStorage.ConstantNode));
        AssertRoundTripRunsIdentically(TestModelFactory.LeNet300100Like(WeightStorage.External, FcStyle.MatMulAdd));
    }

    [Theory]
    [InlineData(9)]
    [InlineData(13)]
    [InlineData(21)]
    public void Subgraph_round_trips_run_identically(int opset)
    {
        AssertRoundTripRunsIdentically(TestModelFactory.IfSubgraphModel(opset), condition: true);
        AssertRoundTripRunsIdentically(TestModelFactory.IfSubgraphModel(opset), condition: false);
        AssertRoundTripRunsIdentically(TestModelFactory.LoopSubgraphModel(opset));
    }

    [Fact]
    public void External_subgraph_weights_round_trip_runs_identically()
    {
        AssertRoundTripRunsIdentically(TestModelFactory.IfSubgraphModel().WithExternalData(), condition: true);
        AssertRoundTripRunsIdentically(TestModelFactory.LoopSubgraphModel().WithExternalData());
    }

    [Fact]
    public void ConvTranspose_and_shared_weight_round_trips_run_identically()
    {
        AssertRoundTripRunsIdentically(TestModelFactory.ConvTransposeModel(WeightStorage.ConstantNode));
        AssertRoundTripRunsIdentically(TestModelFactory.SharedWeightModel());
    }

    [Fact]
    public void If_branches_compute_different_outputs()
    {
        // Guards the If round-trip tests against a model whose branches agree, which would hide a swapped branch.
        using var directory = new TempDirectory();
        string path = TestModelFactory.IfSubgraphModel().Save(directory.DirectoryPath);
        Assert.NotEqual(OrtRunner.Run(path, condition: true)[0], OrtRunner.Run(path, condition: false)[0]);
    }

    [Fact]
    public void Saved_bytes_equal_the_original_serialization_for_inline_models()
    {
        using var directory = new TempDirectory();
        TestModel model = TestModelFactory.ConvNet([3, 4, 8], groups: 2, storage: WeightStorage.ConstantNode);
        string original = model.Save(directory.DirectoryPath);
        string saved = directory.File("saved.onnx");
        OnnxModel.Load(original).Save(saved);
        Assert.Equal(File.ReadAllBytes(original), File.ReadAllBytes(saved));
    }

    private static void AssertRoundTripRunsIdentically(TestModel model, bool condition = true)
    {
        using var directory = new TempDirectory();
        string original = model.Save(directory.DirectoryPath);
        OnnxModel loaded = OnnxModel.Load(original);
        string saved = directory.File("saved.onnx");
        loaded.Save(saved);

        float[][] expected = OrtRunner.Run(original, condition: condition);
        bool hasExternal = model.ExternalFiles.Count > 0;
        Assert.Equal(hasExternal, File.Exists(saved + ".data"));
        if (hasExternal)
        {
            AssertOnlyReferencesItsOwnDataFile(directory);
        }

        float[][] actual = OrtRunner.Run(saved, condition: condition);
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i]);
        }
    }

    /// <summary>The saved model must not depend on the original's external file: delete it and check the references.</summary>
    private static void AssertOnlyReferencesItsOwnDataFile(TempDirectory directory)
    {
        File.Delete(directory.File(TestModel.ExternalFileName));
        ModelProto onDisk = ModelProto.Parser.ParseFrom(File.ReadAllBytes(directory.File("saved.onnx")));
        var entries = new List<TensorProto>();
        CollectExternal(onDisk.Graph, entries);
        Assert.NotEmpty(entries);
        foreach (TensorProto tensor in entries)
        {
            Assert.Equal(TensorProto.Types.DataLocation.External, tensor.DataLocation);
            Assert.Equal(0, tensor.RawData.Length);
            Assert.Equal("saved.onnx.data", tensor.ExternalData.Single(e => e.Key == "location").Value);
            Assert.Equal(0, long.Parse(tensor.ExternalData.Single(e => e.Key == "offset").Value, System.Globalization.CultureInfo.InvariantCulture) % 4096);
        }
    }

    private static void CollectExternal(GraphProto graph, List<TensorProto> external)
    {
        external.AddRange(graph.Initializer.Where(t => t.ExternalData.Count > 0));
        foreach (AttributeProto attribute in graph.Node.SelectMany(n => n.Attribute))
        {
            if (attribute.G is not null)
            {
                CollectExternal(attribute.G, external);
            }
        }
    }
}
