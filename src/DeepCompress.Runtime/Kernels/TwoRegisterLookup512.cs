using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A codebook of at most 32 entries in two registers, indexed by one vpermt2ps, which reads bits 0-4 of each lane
/// (the code).
/// </summary>
internal readonly struct TwoRegisterLookup512 : ICodebookLookup512
{
    public const int Capacity = 32;

    private readonly Vector512<float> entries0;
    private readonly Vector512<float> entries1;

    /// <summary><paramref name="codebook"/> must hold at least 32 floats (zero-padded).</summary>
    public unsafe TwoRegisterLookup512(float* codebook)
    {
        entries0 = Vector512.Load(codebook);
        entries1 = Vector512.Load(codebook + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Lookup(Vector512<int> codes) => Avx512F.PermuteVar16x32x2(entries0, codes, entries1);
}
