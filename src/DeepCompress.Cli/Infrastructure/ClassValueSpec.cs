using System.Globalization;
using DeepCompress.Core;

namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// A value given for every layer, per layer class, or both: <c>0.9</c>, <c>conv=0.6,fc=0.92</c>, <c>0.5,fc=0.9</c>.
/// </summary>
public sealed class ClassValueSpec<T>
    where T : struct
{
    public ClassValueSpec(T? all, T? conv, T? fc)
    {
        All = all;
        Conv = conv;
        Fc = fc;
    }

    public T? All { get; }

    public T? Conv { get; }

    public T? Fc { get; }

    public T? For(LayerClass layerClass) => (layerClass == LayerClass.Conv ? Conv : Fc) ?? All;

    /// <summary>Parses the text; <paramref name="parseValue"/> returns null and sets an error for a bad value.</summary>
    public static ClassValueSpec<T>? Parse(string text, string optionName, Func<string, T?> parseValue, out string? error)
    {
        T? all = null, conv = null, fc = null;
        error = null;
        foreach (var rawPart in text.Split(','))
        {
            var part = rawPart.Trim();
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? null : part[..eq].Trim().ToLowerInvariant();
            var valueText = eq < 0 ? part : part[(eq + 1)..].Trim();
            var value = parseValue(valueText);
            if (value is null)
            {
                error = $"{optionName}: '{valueText}' is not a valid value in '{text}'";
                return null;
            }

            switch (key)
            {
                case null when all is null:
                    all = value;
                    break;
                case "conv" when conv is null:
                    conv = value;
                    break;
                case "fc" when fc is null:
                    fc = value;
                    break;
                case null or "conv" or "fc":
                    error = $"{optionName}: '{key ?? "default"}' is given twice in '{text}'";
                    return null;
                default:
                    error = $"{optionName}: unknown layer class '{key}' in '{text}' (expected conv or fc)";
                    return null;
            }
        }

        return new ClassValueSpec<T>(all, conv, fc);
    }
}
