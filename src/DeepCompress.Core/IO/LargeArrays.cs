using System.Runtime.InteropServices;

namespace DeepCompress.Core.IO;

/// <summary>
/// Arrays of tens of megabytes that are written once right after they are allocated (a layer's survivors, sorted
/// copy, sort scratch, codes). On Linux their interior is advised as transparent huge pages before it is touched:
/// each fresh 4 KiB page otherwise costs a page fault (about 5 us in a VM, a fifth of `compress`'s CPU time on
/// VGG-16), and with THP in its default `madvise` mode a 2 MiB page costs one. The contents are those of
/// <c>new T[length]</c> either way; the advice only changes how the kernel backs the memory.
/// </summary>
public static partial class LargeArrays
{
    /// <summary>Below this size an array is allocated plainly: it spans no whole huge page worth advising.</summary>
    private const long AdviseFromBytes = 4L << 20;

    private const nuint HugePageBytes = 2u << 20;

    /// <summary>Linux's MADV_HUGEPAGE (the same value on every architecture).</summary>
    private const int MadviseHugePage = 14;

    /// <summary>Whether to call madvise at all: only on Linux, and not again once libc could not be called.</summary>
    private static volatile bool s_advise = OperatingSystem.IsLinux();

    /// <summary>A zeroed array of <paramref name="length"/> elements, backed by huge pages where the kernel allows.</summary>
    public static T[] Zeroed<T>(int length)
        where T : unmanaged
    {
        var array = new T[length];
        Advise(array);
        return array;
    }

    private static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        var bytes = (long)array.Length * sizeof(T);
        if (!s_advise || bytes < AdviseFromBytes)
        {
            return;
        }

        // Only whole 2 MiB extents inside the array: advice on a partial extent would split the mapping for nothing.
        // A large array lives in the large object heap, which does not move it, and the advice is a hint: the result
        // of madvise is deliberately ignored (a kernel without THP or a locked-down container just keeps 4 KiB pages).
        fixed (T* data = array)
        {
            var start = ((nuint)data + HugePageBytes - 1) & ~(HugePageBytes - 1);
            var end = ((nuint)data + (nuint)bytes) & ~(HugePageBytes - 1);
            if (end <= start)
            {
                return;
            }

            try
            {
                _ = Madvise(start, end - start, MadviseHugePage);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                s_advise = false;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nuint address, nuint length, int advice);
}
