using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A codebook too large for registers: the code (entry AND mask) gathers the values as two 256-bit halves, .NET 10
/// having no 512-bit gather.
/// </summary>
internal readonly unsafe struct GatheredLookup512 : ICodebookLookup512
{
    private readonly float* codebook;
    private readonly Vector512<int> codeMask;

    /// <summary><paramref name="codebook"/> must stay pinned while this is used.</summary>
    public GatheredLookup512(float* codebook, int codeMask)
    {
        this.codebook = codebook;
        this.codeMask = Vector512.Create(codeMask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Lookup(Vector512<int> entries)
    {
        var code = entries & codeMask;
        return Vector512.Create(Avx2.GatherVector256(codebook, code.GetLower(), sizeof(float)), Avx2.GatherVector256(codebook, code.GetUpper(), sizeof(float)));
    }
}
