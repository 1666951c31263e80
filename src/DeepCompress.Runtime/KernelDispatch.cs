using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DeepCompress.Runtime;

/// <summary>Reports which kernel paths this machine can run and picks the widest one.</summary>
public static class KernelDispatch
{
    /// <summary>The widest path the processor and runtime support.</summary>
    public static KernelPath Best { get; } = DetectBest();

    /// <summary>Whether <paramref name="path"/> can run here.</summary>
    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Scalar => true,
        KernelPath.Vector128 => Vector128.IsHardwareAccelerated,
        // The 256-bit kernels gather with AVX2 and fuse with FMA; the 512-bit kernels also use AVX2 gathers for the
        // halves AVX-512 has no managed gather for.
        KernelPath.Vector256 => Avx2.IsSupported && Fma.IsSupported,
        KernelPath.Vector512 => Avx512F.IsSupported && Avx2.IsSupported && Fma.IsSupported,
        _ => false,
    };

    /// <summary>Every path this machine supports, narrowest first.</summary>
    public static IReadOnlyList<KernelPath> Supported { get; } =
        Enum.GetValues<KernelPath>().Where(IsSupported).ToArray();

    internal static KernelPath Resolve(KernelPath? requested)
    {
        if (requested is not { } path)
        {
            return Best;
        }

        if (!Enum.IsDefined(path))
        {
            throw new ArgumentOutOfRangeException(nameof(requested), path, "unknown kernel path");
        }

        if (!IsSupported(path))
        {
            throw new NotSupportedException($"kernel path {path} is not supported on this machine (best available: {Best})");
        }

        return path;
    }

    private static KernelPath DetectBest()
    {
        for (var path = KernelPath.Vector512; path > KernelPath.Scalar; path--)
        {
            if (IsSupported(path))
            {
                return path;
            }
        }

        return KernelPath.Scalar;
    }
}
