namespace DeepCompress.Core;

/// <summary>The class a compressible layer belongs to; options such as <c>--bits conv=8,fc=5</c> are keyed by it.</summary>
public enum LayerClass
{
    /// <summary>The weight of a Conv or ConvTranspose node.</summary>
    Conv,

    /// <summary>The weight of a Gemm or MatMul node (fully connected).</summary>
    Fc,
}
