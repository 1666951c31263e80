using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

public class InputNormalizationTests
{
    [Fact]
    public void AppliesScaleThenMeanThenStd()
    {
        var normalization = new InputNormalization(0.5f, 1f, 4f);
        Assert.Equal((10f * 0.5f - 1f) / 4f, normalization.Apply(10f));
        Assert.Equal(7f, InputNormalization.Identity.Apply(7f));
    }

    [Theory]
    [InlineData(float.NaN, 0f, 1f, "scale")]
    [InlineData(1f, float.PositiveInfinity, 1f, "mean")]
    [InlineData(1f, 0f, 0f, "std")]
    [InlineData(1f, 0f, -1f, "std")]
    [InlineData(1f, 0f, float.NaN, "std")]
    public void RejectsValuesThatCannotNormalise(float scale, float mean, float std, string parameter)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InputNormalization(scale, mean, std));
        Assert.Equal(parameter, error.ParamName);
    }

    [Fact]
    public void ReadsTheReferenceModelsMetadata()
    {
        // The exact strings samples/train_lenet.py writes into metadata_props.
        var metadata = new Dictionary<string, string>
        {
            [InputNormalization.ScaleKey] = "0.00392156862745098",
            [InputNormalization.MeanKey] = "0",
            [InputNormalization.StdKey] = "1",
            [InputNormalization.DatasetKey] = "mnist",
        };
        Assert.Equal(InputNormalization.UnitRange, InputNormalization.FromMetadata(metadata, "lenet-5.onnx"));
    }

    [Fact]
    public void MissingKeysMeanIdentity() =>
        Assert.Equal(InputNormalization.Identity, InputNormalization.FromMetadata(new Dictionary<string, string>(), "m.onnx"));

    [Theory]
    [InlineData(InputNormalization.ScaleKey, "abc", "metadata 'dcompress.input_scale' is 'abc', not a number")]
    [InlineData(InputNormalization.StdKey, "0", "std 0: all must be finite and std positive")]
    [InlineData(InputNormalization.MeanKey, "NaN", "mean NaN")]
    public void MalformedMetadataNamesTheModel(string key, string value, string expectedFragment)
    {
        var error = Assert.Throws<InvalidDataFileException>(() => InputNormalization.FromMetadata(new Dictionary<string, string> { [key] = value }, "m.onnx"));
        Assert.Equal("m.onnx", error.FileName);
        Assert.Contains(expectedFragment, error.Message);
    }
}
