using System.Globalization;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>Number formatting for tables: invariant culture, so output does not depend on the user's locale.</summary>
public static class Formatting
{
    public static string Int(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

    public static string Shape(IEnumerable<int> shape) => "[" + string.Join("x", shape) + "]";

    public static string Ratio(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + "x";

    public static string Class(DeepCompress.Core.LayerClass layerClass) => layerClass == DeepCompress.Core.LayerClass.Conv ? "conv" : "fc";

    /// <summary>Bits needed to index <paramref name="distinct"/> values (0 for none or one).</summary>
    public static int BitsFor(int distinct) => distinct <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(distinct));
}
