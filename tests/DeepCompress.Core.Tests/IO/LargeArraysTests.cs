using System.Globalization;
using System.Runtime.InteropServices;
using DeepCompress.Core.IO;

namespace DeepCompress.Core.Tests.IO;

public class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1_048_575)]
    [InlineData(3_000_001)]
    public void AnArrayOfAnySizeIsZeroedAndHoldsWhatIsWritten(int length)
    {
        var array = LargeArrays.Zeroed<double>(length);

        Assert.Equal(length, array.Length);
        Assert.All(array, v => Assert.Equal(0.0, v));
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = i;
        }

        Assert.Equal((double)length * (length - 1) / 2, array.Sum());
    }

    [Fact]
    public void OnLinuxWithTransparentHugePagesALargeArrayIsBackedByHugePages()
    {
        const string Settings = "/sys/kernel/mm/transparent_hugepage/enabled";
        if (!OperatingSystem.IsLinux() || !File.Exists(Settings) || File.ReadAllText(Settings).Contains("[never]", StringComparison.Ordinal))
        {
            return;
        }

        var array = LargeArrays.Zeroed<float>(16 << 20);
        Array.Fill(array, 1f);
        var pinned = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            // The middle of the array: its first and last partial huge pages are left to the mapping around it.
            var middle = (nuint)pinned.AddrOfPinnedObject() + (nuint)(array.Length * sizeof(float) / 2);
            Assert.True(AnonymousHugePageKilobytes(middle) >= 2048, "no huge page backs the array");
        }
        finally
        {
            pinned.Free();
        }
    }

    /// <summary>The AnonHugePages of the mapping holding <paramref name="address"/>, from /proc/self/smaps.</summary>
    private static long AnonymousHugePageKilobytes(nuint address)
    {
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var dash = line.IndexOf('-', StringComparison.Ordinal);
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && ulong.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                && ulong.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
            {
                inside = start <= address && address < end;
            }
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
