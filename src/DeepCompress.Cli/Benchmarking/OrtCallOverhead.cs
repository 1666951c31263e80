using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>
/// ONNX Runtime's fixed cost per <c>Run</c>: the latency of a model that does no work (one Identity on a
/// 1-element tensor), set up exactly as the baselines are. A model's latency below a few times this is
/// dominated by the call, not by the arithmetic.
/// </summary>
public static class OrtCallOverhead
{
    private const string InputName = "x";
    private const string OutputName = "y";
    private const int Opset = 13;
    private const long IrVersion = 8;

    public static LatencyStats Measure(int threads, TimeSpan budget)
    {
        using var runner = OrtDenseRunner.FromBytes(IdentityModel().ToByteArray(), threads);
        runner.Bind(InputName, [1f], [1]);
        return LatencyTimer.Measure(runner.Run, budget, batch: 1);
    }

    /// <summary>y = Identity(x) with x, y float[1].</summary>
    public static ModelProto IdentityModel()
    {
        var graph = new GraphProto
        {
            Name = "identity",
            Node = { new NodeProto { OpType = "Identity", Name = "identity", Input = { InputName }, Output = { OutputName } } },
            Input = { FloatVector(InputName) },
            Output = { FloatVector(OutputName) },
        };
        return new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "dcompress bench",
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = Opset } },
            Graph = graph,
        };
    }

    private static ValueInfoProto FloatVector(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dimension { DimValue = 1 } } },
            },
        },
    };
}
