using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A codebook of at most 32 entries held in four AVX registers (entries 0-7, 8-15, 16-23, 24-31), looked up for
/// eight codes at once: vpermps picks within each register by code bits 0-2 and two rounds of blends on bits 3 and
/// 4 pick the register, which is cheaper than a gather. Bits above 4 are ignored, so the code may share its int
/// with other fields above them.
/// </summary>
internal readonly struct CodebookRegisters256
{
    public const int Capacity = 32;

    private readonly Vector256<float> entries0;
    private readonly Vector256<float> entries1;
    private readonly Vector256<float> entries2;
    private readonly Vector256<float> entries3;

    /// <summary>Loads entries 0-31 of <paramref name="codebook"/>, which must hold at least 32 floats.</summary>
    public unsafe CodebookRegisters256(float* codebook)
    {
        entries0 = Avx.LoadVector256(codebook);
        entries1 = Avx.LoadVector256(codebook + 8);
        entries2 = Avx.LoadVector256(codebook + 16);
        entries3 = Avx.LoadVector256(codebook + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<float> Lookup(Vector256<int> code)
    {
        // blendvps selects by the sign bit, so shift code bit 3 (then bit 4) into bit 31.
        var bit3 = Avx2.ShiftLeftLogical(code, 28).AsSingle();
        var bit4 = Avx2.ShiftLeftLogical(code, 27).AsSingle();
        var low = Avx.BlendVariable(Avx2.PermuteVar8x32(entries0, code), Avx2.PermuteVar8x32(entries1, code), bit3);
        var high = Avx.BlendVariable(Avx2.PermuteVar8x32(entries2, code), Avx2.PermuteVar8x32(entries3, code), bit3);
        return Avx.BlendVariable(low, high, bit4);
    }
}
