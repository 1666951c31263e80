namespace DeepCompress.TestModels;

/// <summary>The activation after each conv of <see cref="TestModelFactory.ConvNet"/>.</summary>
public enum ConvActivation
{
    Relu,

    /// <summary>Clip(0, 6): attributes min/max before opset 11, inputs from opset 11.</summary>
    Relu6,
}
