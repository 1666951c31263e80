namespace DeepCompress.Runtime.Training;

/// <summary>A trainable float initializer: its current values and the gradient of the last backward pass.</summary>
public sealed class TrainingParameter
{
    internal TrainingParameter(string name, TrainingTensor value, int order)
    {
        Name = name;
        Order = order;
        Value = value;
        Gradient = new float[value.Data.Length];
    }

    public string Name { get; }

    /// <summary>Position among the graph's initializers, so parameters are always listed (and updated) in file order.</summary>
    internal int Order { get; }

    /// <summary>The values the forward pass reads; an optimizer updates them in place.</summary>
    public TrainingTensor Value { get; }

    public IReadOnlyList<int> Shape => Value.Shape;

    /// <summary>d loss / d value, summed over the batch by the last backward pass.</summary>
    public float[] Gradient { get; }
}
