using DeepCompress.Cli.Infrastructure;
using DeepCompress.Core;

namespace DeepCompress.Cli.Tests;

public class ClassValueSpecTests
{
    private static double? Fraction(string t) => OptionParsers.Double(t, 0, 1);

    [Fact]
    public void BareValueAppliesToEveryClass()
    {
        var spec = ClassValueSpec<double>.Parse("0.9", "--sparsity", Fraction, out var error);
        Assert.Null(error);
        Assert.Equal(0.9, spec!.For(LayerClass.Conv));
        Assert.Equal(0.9, spec.For(LayerClass.Fc));
    }

    [Fact]
    public void PerClassValuesOverrideTheBareOne()
    {
        var spec = ClassValueSpec<double>.Parse("0.5, fc=0.92", "--sparsity", Fraction, out _);
        Assert.Equal(0.5, spec!.For(LayerClass.Conv));
        Assert.Equal(0.92, spec.For(LayerClass.Fc));
    }

    [Fact]
    public void ClassNotNamedHasNoValue()
    {
        var spec = ClassValueSpec<double>.Parse("fc=0.92", "--sparsity", Fraction, out _);
        Assert.Null(spec!.For(LayerClass.Conv));
    }

    [Theory]
    [InlineData("1.5", "'1.5' is not a valid value")]
    [InlineData("conv=0.5,conv=0.6", "'conv' is given twice")]
    [InlineData("lstm=0.5", "unknown layer class 'lstm'")]
    [InlineData("abc", "'abc' is not a valid value")]
    [InlineData("", "'' is not a valid value")]
    public void BadTextIsRejectedWithTheOptionName(string text, string expected)
    {
        var spec = ClassValueSpec<double>.Parse(text, "--sparsity", Fraction, out var error);
        Assert.Null(spec);
        Assert.StartsWith("--sparsity: ", error);
        Assert.Contains(expected, error);
    }
}
