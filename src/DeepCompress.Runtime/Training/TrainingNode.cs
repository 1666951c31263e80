namespace DeepCompress.Runtime.Training;

/// <summary>One ONNX node with a forward pass and the backward pass that adds its inputs' gradients.</summary>
internal abstract class TrainingNode
{
    protected TrainingNode(string label, IReadOnlyList<string> inputs, string output)
    {
        Label = label;
        Inputs = inputs;
        Output = output;
    }

    public string Label { get; }

    public IReadOnlyList<string> Inputs { get; }

    public string Output { get; }

    public abstract void Forward(TrainingPass pass);

    /// <summary>Reads the output's gradient and adds d loss / d input into each input's gradient buffer.</summary>
    public abstract void Backward(TrainingPass pass);

    protected TrainingTensor In(TrainingPass pass, int index) => pass.Value(Inputs[index]);

    protected InvalidTrainingGraphException Bad(string problem) => new($"{Label}: {problem}");
}
