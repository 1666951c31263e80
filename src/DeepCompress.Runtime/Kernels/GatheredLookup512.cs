using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A codebook too large for registers: the codes gather the values as two 256-bit halves, .NET 10 having no
/// 512-bit gather.
/// </summary>
internal readonly unsafe struct GatheredLookup512 : ICodebookLookup512
{
    private readonly float* codebook;

    /// <summary><paramref name="codebook"/> must stay pinned while this is used.</summary>
    public GatheredLookup512(float* codebook)
    {
        this.codebook = codebook;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Lookup(Vector512<int> codes) =>
        Vector512.Create(Avx2.GatherVector256(codebook, codes.GetLower(), sizeof(float)), Avx2.GatherVector256(codebook, codes.GetUpper(), sizeof(float)));
}
