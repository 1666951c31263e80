namespace DeepCompress.TestModels;

/// <summary>How <see cref="TestModelFactory.ConvNet"/> turns the last feature map into the classifier's input.</summary>
public enum ConvHead
{
    /// <summary>Flatten(axis 1).</summary>
    Flatten,

    /// <summary>Reshape to [0, -1] with an int64 shape initializer.</summary>
    Reshape,

    /// <summary>GlobalAveragePool then Squeeze of axes 2, 3: attribute before opset 13, input from opset 13.</summary>
    GlobalAveragePool,
}
