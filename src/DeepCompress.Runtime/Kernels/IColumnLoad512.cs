using System.Runtime.Intrinsics;

namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// Reads x at the columns of sixteen sliced entries for the 512-bit kernel. One struct per column field width, so
/// the kernel, generic over it, has no width test in its inner loop.
/// </summary>
internal interface IColumnLoad512
{
    /// <summary>x[column of entries[l]] in lane l.</summary>
    unsafe Vector512<float> Load(float* xs, int* entries);
}
