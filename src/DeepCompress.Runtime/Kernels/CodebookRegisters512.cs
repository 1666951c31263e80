using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// The 512-bit codebook lookup for sixteen entries at once. A codebook of at most 32 entries is two registers
/// indexed by one vpermt2ps, which reads bits 0-4 of each lane (the code; bits above it may hold other fields); at
/// most 64 entries is four registers, two vpermt2ps and a select on bit 5; larger codebooks are gathered as two
/// 256-bit halves (.NET 10 has no 512-bit gather) after masking the code out of the lane.
/// </summary>
internal readonly unsafe struct CodebookRegisters512
{
    /// <summary>Entries held in registers at most; the codebook array must be zero-padded to this length.</summary>
    public const int Capacity = 64;

    private readonly Vector512<float> entries0;
    private readonly Vector512<float> entries1;
    private readonly Vector512<float> entries2;
    private readonly Vector512<float> entries3;
    private readonly Vector512<int> codeMask;
    private readonly float* codebook;
    private readonly int codebookSize;

    /// <summary><paramref name="codebook"/> must stay pinned while this is used and hold at least 64 floats.</summary>
    public CodebookRegisters512(float* codebook, int codebookSize, int codeMask)
    {
        entries0 = Vector512.Load(codebook);
        entries1 = Vector512.Load(codebook + 16);
        entries2 = Vector512.Load(codebook + 32);
        entries3 = Vector512.Load(codebook + 48);
        this.codeMask = Vector512.Create(codeMask);
        this.codebook = codebook;
        this.codebookSize = codebookSize;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> Lookup(Vector512<int> code)
    {
        if (codebookSize <= Capacity / 2)
        {
            return Avx512F.PermuteVar16x32x2(entries0, code, entries1);
        }

        if (codebookSize <= Capacity)
        {
            var bit5 = Vector512.Create(Capacity / 2);
            var upperHalf = Vector512.Equals(code & bit5, bit5).AsSingle();
            return Vector512.ConditionalSelect(upperHalf, Avx512F.PermuteVar16x32x2(entries2, code, entries3), Avx512F.PermuteVar16x32x2(entries0, code, entries1));
        }

        var masked = code & codeMask;
        return Vector512.Create(Avx2.GatherVector256(codebook, masked.GetLower(), sizeof(float)), Avx2.GatherVector256(codebook, masked.GetUpper(), sizeof(float)));
    }
}
