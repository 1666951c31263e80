namespace DeepCompress.TestModels;

/// <summary>Where a test model keeps its weights and biases.</summary>
public enum WeightStorage
{
    /// <summary>Graph initializers with raw_data.</summary>
    Initializer,

    /// <summary>The <c>value</c> attribute of Constant nodes.</summary>
    ConstantNode,

    /// <summary>Initializers whose data lives in an external file, written by <see cref="TestModel.Save"/>.</summary>
    External,
}
