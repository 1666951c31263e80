namespace DeepCompress.Cli.Pipeline;

/// <summary>Matches a model's declared input shape against the images of a dataset.</summary>
public static class EvalInputShape
{
    /// <summary>
    /// The per-image dimensions the model takes, given its declared input dimensions (-1 for symbolic ones, the
    /// first being the batch) and the dataset's [C, H, W]. Symbolic per-image dimensions take the dataset's values
    /// for a rank-4 input ([N, C, H, W]) or the flattened size for a rank-2 input ([N, D]).
    /// </summary>
    public static int[] Resolve(string model, string inputName, IReadOnlyList<int> declared, int channels, int height, int width, string dataSource)
    {
        var imageSize = channels * height * width;
        var perImage = declared.Skip(1).ToArray();
        if (perImage.Any(d => d < 0))
        {
            perImage = perImage.Length switch
            {
                3 => Fill(perImage, [channels, height, width]),
                1 => [imageSize],
                _ => throw Mismatch(model, inputName, declared, imageSize, channels, height, width, dataSource),
            };
        }

        if (declared.Count < 2 || perImage.Aggregate(1L, (a, d) => a * d) != imageSize)
        {
            throw Mismatch(model, inputName, declared, imageSize, channels, height, width, dataSource);
        }

        return perImage;
    }

    private static int[] Fill(int[] declared, int[] actual) => declared.Select((d, i) => d < 0 ? actual[i] : d).ToArray();

    private static InvalidDataException Mismatch(string model, string inputName, IReadOnlyList<int> declared, int imageSize, int channels, int height, int width, string dataSource) =>
        new($"{model}: input '{inputName}' has shape [{string.Join(",", declared.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}], " +
            $"which does not take the {channels}x{height}x{width} images ({imageSize} values each) of {dataSource}");
}
