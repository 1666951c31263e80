using DeepCompress.Core;
using DeepCompress.Onnx.Proto;
using DeepCompress.TestModels;
using Google.Protobuf;

namespace DeepCompress.Onnx.Tests;

public sealed class LayerDiscoveryTests
{
    [Theory]
    [InlineData(WeightStorage.Initializer, "initializer")]
    [InlineData(WeightStorage.ConstantNode, "Constant node 'fc1.weight_constant'")]
    public void Gemm_mlp_layers_are_the_weights_in_graph_order(WeightStorage storage, string fc1Location)
    {
        IReadOnlyList<WeightLayer> layers = TestModelFactory.Mlp([5, 7, 3], storage).ToOnnxModel().FindLayers();

        Assert.Equal(["fc1.weight", "fc2.weight"], layers.Select(l => l.Name));
        Assert.All(layers, l => Assert.Equal(LayerClass.Fc, l.Class));
        Assert.All(layers, l => Assert.Equal("Gemm", l.OpType));
        Assert.Equal([7, 5], layers[0].Shape);
        Assert.Equal([3, 7], layers[1].Shape);
        Assert.Equal(35, layers[0].ElementCount);
        Assert.Equal(fc1Location, layers[0].Location);
    }

    [Fact]
    public void MatMul_layers_have_input_by_output_shapes()
    {
        IReadOnlyList<WeightLayer> layers = TestModelFactory.Mlp([5, 7, 3], style: FcStyle.MatMulAdd).ToOnnxModel().FindLayers();

        Assert.Equal(["fc1.weight", "fc2.weight"], layers.Select(l => l.Name));
        Assert.All(layers, l => Assert.Equal("MatMul", l.OpType));
        Assert.Equal([5, 7], layers[0].Shape);
    }

    [Fact]
    public void External_weights_are_layers_and_remembered_as_external()
    {
        using var directory = new TempDirectory();
        string path = TestModelFactory.Mlp([5, 7, 3], WeightStorage.External).Save(directory.DirectoryPath);
        OnnxModel model = OnnxModel.Load(path);

        IReadOnlyList<WeightLayer> layers = model.FindLayers();

        Assert.Equal(["fc1.weight", "fc2.weight"], layers.Select(l => l.Name));
        Assert.All(layers, l => Assert.True(model.WasExternal(l.Tensor)));
        Assert.All(layers, l => Assert.Equal(l.ElementCount, l.ReadWeights().Length));
    }

    [Fact]
    public void Conv_net_layers_include_grouped_conv_shapes()
    {
        IReadOnlyList<WeightLayer> layers = TestModelFactory.ConvNet([3, 4, 8], groups: 2).ToOnnxModel().FindLayers();

        Assert.Equal(["conv1.weight", "conv2.weight", "fc.weight"], layers.Select(l => l.Name));
        Assert.Equal([LayerClass.Conv, LayerClass.Conv, LayerClass.Fc], layers.Select(l => l.Class));
        Assert.Equal([4, 3, 3, 3], layers[0].Shape);
        Assert.Equal([8, 2, 3, 3], layers[1].Shape);
        Assert.Equal([10, 8 * 2 * 2], layers[2].Shape);
    }

    [Fact]
    public void Depthwise_conv_weight_has_one_input_channel_per_group()
    {
        IReadOnlyList<WeightLayer> layers = TestModelFactory.ConvNet([2, 4, 8], depthwise: true).ToOnnxModel().FindLayers();

        Assert.Equal([8, 1, 3, 3], layers[1].Shape);
    }

    [Fact]
    public void ConvTranspose_weight_is_a_conv_layer()
    {
        WeightLayer layer = Assert.Single(TestModelFactory.ConvTransposeModel().ToOnnxModel().FindLayers());

        Assert.Equal(("deconv.weight", LayerClass.Conv, "ConvTranspose"), (layer.Name, layer.Class, layer.OpType));
        Assert.Equal([2, 3, 3, 3], layer.Shape);
    }

    [Fact]
    public void If_branch_weights_and_outer_scope_initializer_are_found_with_their_locations()
    {
        IReadOnlyList<WeightLayer> layers = TestModelFactory.IfSubgraphModel().ToOnnxModel().FindLayers();

        Assert.Equal(["then.weight", "else.weight", "outer.weight"], layers.Select(l => l.Name));
        Assert.Equal(["Gemm", "MatMul", "MatMul"], layers.Select(l => l.OpType));
        Assert.Equal(
            [
                "subgraph 'then_branch' of If 'if0'",
                "Constant node 'else.weight_constant' in subgraph 'else_branch' of If 'if0'",
                "initializer",
            ],
            layers.Select(l => l.Location));
    }

    [Fact]
    public void Loop_body_weight_is_found_and_integer_initializers_are_not()
    {
        WeightLayer layer = Assert.Single(TestModelFactory.LoopSubgraphModel().ToOnnxModel().FindLayers());

        Assert.Equal("body.weight", layer.Name);
        Assert.Equal("subgraph 'body' of Loop 'loop0'", layer.Location);
    }

    [Fact]
    public void Nested_subgraph_location_names_every_enclosing_graph()
    {
        ModelProto outer = TestModelFactory.LoopSubgraphModel().Proto;
        GraphProto body = outer.Graph.Node.Single(n => n.OpType == "Loop").Attribute[0].G;
        ModelProto inner = TestModelFactory.IfSubgraphModel().Proto;
        NodeProto ifNode = inner.Graph.Node.Single(n => n.OpType == "If");
        ifNode.Input[0] = "cond_in";
        body.Initializer.Add(inner.Graph.Initializer);
        body.Node.Add(ifNode);

        WeightLayer thenWeight = OnnxModel.FromBytes(outer.ToByteArray(), "nested.onnx").FindLayers().Single(l => l.Name == "then.weight");

        Assert.Equal("subgraph 'then_branch' of If 'if0' in subgraph 'body' of Loop 'loop0'", thenWeight.Location);
    }

    [Fact]
    public void A_weight_used_by_two_nodes_is_one_layer_and_a_left_operand_weight_is_found()
    {
        IReadOnlyList<WeightLayer> layers = TestModelFactory.SharedWeightModel().ToOnnxModel().FindLayers();

        Assert.Equal(["shared.weight", "left.weight"], layers.Select(l => l.Name));
    }

    [Fact]
    public void Non_float_weights_are_not_layers_and_pass_through_untouched()
    {
        TestModel model = TestModelFactory.Mlp([5, 7, 3]);
        TensorProto fc1 = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight");
        fc1.DataType = (int)TensorProto.Types.DataType.Float16;
        byte[] half = [.. Enumerable.Range(0, 35 * 2).Select(i => (byte)i)];
        fc1.RawData = ByteString.CopyFrom(half);
        using var directory = new TempDirectory();
        string path = model.Save(directory.DirectoryPath);

        OnnxModel loaded = OnnxModel.Load(path);
        Assert.Equal(["fc2.weight"], loaded.FindLayers().Select(l => l.Name));
        loaded.Save(directory.File("saved.onnx"));

        TensorProto saved = OnnxModel.Load(directory.File("saved.onnx")).Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight");
        Assert.Equal((int)TensorProto.Types.DataType.Float16, saved.DataType);
        Assert.Equal(half, saved.RawData.ToByteArray());
    }

    [Fact]
    public void Matmul_with_a_three_dimensional_constant_is_not_a_layer()
    {
        TestModel model = TestModelFactory.Mlp([5, 7, 3], style: FcStyle.MatMulAdd);
        TensorProto fc1 = model.Proto.Graph.Initializer.Single(t => t.Name == "fc1.weight");
        fc1.Dims.Clear();
        fc1.Dims.Add([1, 5, 7]);

        Assert.Equal(["fc2.weight"], model.ToOnnxModel().FindLayers().Select(l => l.Name));
    }

    [Fact]
    public void A_subgraph_value_hides_an_outer_initializer_of_the_same_name()
    {
        TestModel model = TestModelFactory.LoopSubgraphModel();
        GraphProto body = model.Proto.Graph.Node.Single(n => n.OpType == "Loop").Attribute[0].G;
        model.Proto.Graph.Initializer.Add(OnnxGraphBuilder.FloatTensor("state_in", new float[16], 4, 4));
        body.Node.Add(new NodeProto { OpType = "MatMul", Name = "shadowed", Input = { "body.weight", "state_in" }, Output = { "unused" } });

        Assert.Equal(["body.weight"], model.ToOnnxModel().FindLayers().Select(l => l.Name));
    }

    [Fact]
    public void Two_different_weights_with_one_name_are_refused_naming_it()
    {
        TestModel model = TestModelFactory.IfSubgraphModel();
        GraphProto then = model.Proto.Graph.Node.Single(n => n.OpType == "If").Attribute.Single(a => a.Name == "then_branch").G;
        then.Initializer.Single(t => t.Name == "then.weight").Name = "outer.weight";
        then.Node.Single(n => n.OpType == "Gemm").Input[1] = "outer.weight";

        var error = Assert.Throws<NotSupportedException>(() => model.ToOnnxModel().FindLayers());
        Assert.Contains("'outer.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Initializers_also_listed_as_graph_inputs_are_still_layers()
    {
        // Exporters for IR < 4 list every initializer as a graph input; the initializer is its value.
        TestModel model = TestModelFactory.Mlp([5, 7, 3], opset: 9);
        foreach (TensorProto initializer in model.Proto.Graph.Initializer)
        {
            model.Proto.Graph.Input.Add(new ValueInfoProto
            {
                Name = initializer.Name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = initializer.DataType } },
            });
        }

        Assert.Equal(["fc1.weight", "fc2.weight"], model.ToOnnxModel().FindLayers().Select(l => l.Name));
    }

    [Fact]
    public void Nodes_of_other_domains_are_not_compressible()
    {
        TestModel model = TestModelFactory.Mlp([5, 7, 3]);
        model.Proto.Graph.Node.Single(n => n.Name == "fc1").Domain = "com.microsoft";

        Assert.Equal(["fc2.weight"], model.ToOnnxModel().FindLayers().Select(l => l.Name));
    }

    [Fact]
    public void Discovery_order_is_deterministic()
    {
        OnnxModel model = TestModelFactory.LeNet5Like().ToOnnxModel();

        Assert.Equal(["conv1.weight", "conv2.weight", "fc1.weight", "fc2.weight", "fc3.weight"], model.FindLayers().Select(l => l.Name));
        Assert.Equal(model.FindLayers().Select(l => l.Name), model.FindLayers().Select(l => l.Name));
    }
}
