using DeepCompress.TestModels;

namespace DeepCompress.Onnx.Tests;

/// <summary>Issue 6: hostile models get the library's own exception, and before any allocation the file cannot justify.</summary>
public sealed class HostileModelTests
{
    /// <summary>More than any of these tests may allocate: the models are a few hundred bytes.</summary>
    private const long AllocationBudget = 16 << 20;

    [Fact]
    public void Weight_dims_claiming_gigabytes_are_refused_before_allocation()
    {
        // 2 x 10^9 elements (8 GB) fit in an array but the tensor holds 48 bytes.
        OnnxModel model = HostileModels.WeightWithDims(40_000, 50_000).ToOnnxModel();
        WeightLayer layer = Assert.Single(model.FindLayers());

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidModelException>(layer.ReadWeights);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("has 48 bytes of raw_data; shape [40000, 50000] needs 8000000000", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void Float_data_weight_with_dims_claiming_gigabytes_is_refused_before_allocation()
    {
        TestModel hostile = HostileModels.WeightWithDims(40_000, 50_000);
        var tensor = hostile.Proto.Graph.Initializer.Single(t => t.Name == HostileModels.WeightName);
        tensor.FloatData.AddRange(new float[12]);
        tensor.ClearRawData();
        WeightLayer layer = Assert.Single(hostile.ToOnnxModel().FindLayers());

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<InvalidModelException>(layer.ReadWeights);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("has 12 float_data values and no raw_data; shape [40000, 50000] needs 2000000000", error.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationBudget, $"allocated {allocated} bytes before refusing");
    }

    [Fact]
    public void Dims_whose_product_overflows_are_refused()
    {
        OnnxModel model = HostileModels.WeightWithDims(1L << 32, 1L << 32).ToOnnxModel();

        var error = Assert.Throws<InvalidModelException>(model.FindLayers);
        Assert.Contains("have more than 9223372036854775807 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_dim_is_refused()
    {
        OnnxModel model = HostileModels.WeightWithDims(-3, -4).ToOnnxModel();

        var error = Assert.Throws<InvalidModelException>(model.FindLayers);
        Assert.Contains("tensor 'fc1.weight' has dim -3; dims must be >= 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_rank_is_unsupported()
    {
        // ONNX sets no rank limit; 100,000 unit dims still describe the 12 stored floats, but no container holds them.
        OnnxModel model = HostileModels.WeightWithRank(100_000).ToOnnxModel();

        var error = Assert.Throws<NotSupportedException>(model.FindLayers);
        Assert.Equal("mlp.onnx: weight 'fc1.weight' has 100000 dims; at most 8 are supported per layer", error.Message);
    }

    [Fact]
    public void Rank_eight_is_supported()
    {
        OnnxModel model = HostileModels.WeightWithRank(8).ToOnnxModel();

        Assert.Equal([3, 4, 1, 1, 1, 1, 1, 1], Assert.Single(model.FindLayers()).Shape);
    }

    [Fact]
    public void Subgraphs_nested_ten_thousand_deep_are_refused_as_malformed()
    {
        byte[] bytes = HostileModels.NestedIf(10_000);

        var error = Assert.Throws<InvalidModelException>(() => OnnxModel.FromBytes(bytes, "deep.onnx"));
        Assert.StartsWith("deep.onnx: malformed protobuf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subgraphs_nested_within_the_protobuf_limit_are_discovered()
    {
        // 3 messages per level (node, attribute, graph): 30 levels stay under protobuf's recursion limit of 100.
        OnnxModel model = OnnxModel.FromBytes(HostileModels.NestedIf(30), "nested.onnx");

        Assert.Empty(model.FindLayers());
    }

    [Fact]
    public void Node_cycle_does_not_stop_layer_discovery()
    {
        OnnxModel model = HostileModels.Cycle().ToOnnxModel();

        Assert.Equal(HostileModels.WeightName, Assert.Single(model.FindLayers()).Name);
    }
}
