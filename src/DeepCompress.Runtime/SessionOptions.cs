namespace DeepCompress.Runtime;

/// <summary>How an <see cref="InferenceSession"/> executes.</summary>
public sealed class SessionOptions
{
    /// <summary>Worker threads for the matrix kernels (output rows are split between them); at least 1.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Forces one kernel path; null picks <see cref="KernelDispatch.Best"/>.</summary>
    public KernelPath? Kernel { get; set; }
}
