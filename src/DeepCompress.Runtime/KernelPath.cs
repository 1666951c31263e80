namespace DeepCompress.Runtime;

/// <summary>The instruction-set path a kernel runs on; wider paths fall back to narrower ones only by dispatch.</summary>
public enum KernelPath
{
    /// <summary>Plain C# loops: the reference twin of every vector path.</summary>
    Scalar = 0,

    /// <summary>Portable 128-bit vectors (SSE or AdvSimd).</summary>
    Vector128 = 1,

    /// <summary>256-bit vectors with AVX2 gathers.</summary>
    Vector256 = 2,

    /// <summary>512-bit vectors with AVX-512F permutes.</summary>
    Vector512 = 3,
}
