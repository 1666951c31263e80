using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// Looks up sixteen codes at once for the 512-bit kernels. One struct per codebook size class, so a kernel generic
/// over it is compiled once per class with the lookup inlined and no size test in its inner loop.
/// </summary>
internal interface ICodebookLookup512
{
    /// <summary>The codebook values of the codes in each lane (each below the codebook's size).</summary>
    Vector512<float> Lookup(Vector512<int> codes);
}
