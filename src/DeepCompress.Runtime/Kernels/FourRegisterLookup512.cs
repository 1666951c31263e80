using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A codebook of 33 to 64 entries in four registers: one vpermt2ps per half (entries 0-31, 32-63) by code bits 0-4,
/// then a select on bit 5.
/// </summary>
internal readonly struct FourRegisterLookup512 : ICodebookLookup512
{
    public const int Capacity = 64;

    private readonly Vector512<float> entries0;
    private readonly Vector512<float> entries1;
    private readonly Vector512<float> entries2;
    private readonly Vector512<float> entries3;

    /// <summary><paramref name="codebook"/> must hold at least 64 floats (zero-padded).</summary>
    public unsafe FourRegisterLookup512(float* codebook)
    {
        entries0 = Vector512.Load(codebook);
        entries1 = Vector512.Load(codebook + 16);
        entries2 = Vector512.Load(codebook + 32);
        entries3 = Vector512.Load(codebook + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Lookup(Vector512<int> codes)
    {
        var bit5 = Vector512.Create(Capacity / 2);
        var upperHalf = Vector512.Equals(codes & bit5, bit5).AsSingle();
        return Vector512.ConditionalSelect(upperHalf, Avx512F.PermuteVar16x32x2(entries2, codes, entries3), Avx512F.PermuteVar16x32x2(entries0, codes, entries1));
    }
}
