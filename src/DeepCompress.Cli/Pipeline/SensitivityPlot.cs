using DeepCompress.Core.IO;
using ScottPlot;

namespace DeepCompress.Cli.Pipeline;

/// <summary>Draws a sensitivity scan with ScottPlot: one line per layer, sparsity on x, top-1 error (%) on y.</summary>
public static class SensitivityPlot
{
    public const int Width = 800;
    public const int Height = 500;

    /// <summary>Writes a PNG or an SVG, chosen by the extension of <paramref name="path"/>, atomically.</summary>
    public static void Write(SensitivityResult result, string path, string title)
    {
        ArgumentNullException.ThrowIfNull(result);
        RequireKnownExtension(path);
        var plot = new Plot();
        var xs = result.Sparsities.ToArray();
        foreach (var layer in result.Layers)
        {
            var scatter = plot.Add.Scatter(xs, layer.Results.Select(r => r.Top1Error * 100).ToArray());
            scatter.LegendText = layer.Name;
        }

        var dense = plot.Add.HorizontalLine(result.Dense.Top1Error * 100);
        dense.LegendText = "dense model";
        dense.LinePattern = LinePattern.Dashed;
        plot.Title(title);
        plot.XLabel("sparsity (fraction of the layer's weights pruned)");
        plot.YLabel("top-1 error (%)");
        plot.ShowLegend(Alignment.UpperLeft);
        var bytes = IsPng(path)
            ? plot.GetImage(Width, Height).GetImageBytes(ImageFormat.Png, 100)
            : System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(Width, Height));
        Infrastructure.ModelFiles.WriteGuard(path, () => AtomicFile.Write(path, stream => stream.Write(bytes)));
    }

    /// <summary>Checked before a scan starts, so a misspelt plot name fails at once rather than after an hour.</summary>
    public static void RequireKnownExtension(string path)
    {
        if (!IsPng(path) && !Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase))
        {
            throw new Infrastructure.UsageException($"--plot: '{path}' must end in .png or .svg");
        }
    }

    private static bool IsPng(string path) => Path.GetExtension(path).Equals(".png", StringComparison.OrdinalIgnoreCase);
}
