using System.Collections.Frozen;
using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>The operators of the default ONNX domain this engine implements, by op_type.</summary>
internal static class OperatorFactory
{
    private static readonly FrozenDictionary<string, Func<NodeContext, Operator>> Builders =
        new Dictionary<string, Func<NodeContext, Operator>>
        {
            ["Add"] = c => new ArithmeticOperator(c),
            ["AveragePool"] = c => new PoolOperator(c),
            ["BatchNormalization"] = c => new BatchNormalizationOperator(c),
            ["Clip"] = c => new ClipOperator(c),
            ["Concat"] = c => new ConcatOperator(c),
            ["Constant"] = c => new ConstantOperator(c),
            ["Conv"] = c => new ConvOperator(c),
            ["ConvTranspose"] = c => new ConvTransposeOperator(c),
            ["Div"] = c => new ArithmeticOperator(c),
            ["Dropout"] = c => new DropoutOperator(c),
            ["Flatten"] = c => new FlattenOperator(c),
            ["Gemm"] = c => new GemmOperator(c),
            ["GlobalAveragePool"] = c => new GlobalAveragePoolOperator(c),
            ["Identity"] = c => new IdentityOperator(c),
            ["LeakyRelu"] = c => new ActivationOperator(c),
            ["MatMul"] = c => new MatMulOperator(c),
            ["MaxPool"] = c => new PoolOperator(c),
            ["Mul"] = c => new ArithmeticOperator(c),
            ["Relu"] = c => new ActivationOperator(c),
            ["Reshape"] = c => new ReshapeOperator(c),
            ["Sigmoid"] = c => new ActivationOperator(c),
            ["Softmax"] = c => new SoftmaxOperator(c),
            ["Sub"] = c => new ArithmeticOperator(c),
            ["Tanh"] = c => new ActivationOperator(c),
            ["Transpose"] = c => new TransposeOperator(c),
        }.ToFrozenDictionary();

    /// <summary>Operators that take a compressed weight as input 1 without expanding it.</summary>
    public static readonly FrozenSet<string> SparseWeightConsumers = new[] { "Conv", "Gemm", "MatMul" }.ToFrozenSet();

    public static IEnumerable<string> SupportedOperators => Builders.Keys.Order(StringComparer.Ordinal);

    public static bool IsSupported(string domain, string opType) => domain is "" or "ai.onnx" && Builders.ContainsKey(opType);

    public static Operator Create(NodeContext context) => Builders[context.Node.OpType](context);
}
