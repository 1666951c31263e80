using DeepCompress.Runtime;

namespace DeepCompress.Cli.Benchmarking;

/// <summary>The single float input a model must have for <c>run</c> and <c>bench</c>, and checks against it.</summary>
public sealed class ModelSignature
{
    private ModelSignature(string inputName, IReadOnlyList<int> inputShape)
    {
        InputName = inputName;
        InputShape = inputShape;
    }

    public string InputName { get; }

    /// <summary>Declared shape; -1 marks a symbolic or unknown dimension.</summary>
    public IReadOnlyList<int> InputShape { get; }

    public static ModelSignature Of(InferenceSession session, string modelPath)
    {
        if (session.InputNames.Count != 1)
        {
            throw new NotSupportedException($"{modelPath}: the model has {session.InputNames.Count} inputs ({string.Join(", ", session.InputNames)}); only single-input models are supported");
        }

        if (session.InputTypes[0] != TensorElementType.Float32)
        {
            throw new NotSupportedException($"{modelPath}: input '{session.InputNames[0]}' is {session.InputTypes[0]}; only float32 inputs are supported");
        }

        return new ModelSignature(session.InputNames[0], session.InputShapes[0]);
    }

    /// <summary>Throws <see cref="InvalidDataException"/> naming both shapes unless <paramref name="shape"/> fits the declared one.</summary>
    public void RequireFits(IReadOnlyList<int> shape, string inputDisplayName)
    {
        var fits = shape.Count == InputShape.Count && shape.Zip(InputShape).All(p => p.Second < 0 || p.First == p.Second);
        if (!fits)
        {
            throw new InvalidDataException(
                $"{inputDisplayName}: shape {Describe(shape)} does not fit model input '{InputName}' {Describe(InputShape)} (? = any size)");
        }
    }

    /// <summary>The input shape for a batch of <paramref name="batch"/>: the leading dimension replaced, all others fixed.</summary>
    public int[] ShapeForBatch(int batch, string modelPath)
    {
        if (InputShape.Count == 0 || InputShape.Skip(1).Any(d => d < 0))
        {
            throw new NotSupportedException($"{modelPath}: input '{InputName}' {Describe(InputShape)} needs a leading batch dimension and fixed sizes elsewhere");
        }

        if (InputShape[0] >= 0 && InputShape[0] != batch)
        {
            throw new NotSupportedException($"{modelPath}: input '{InputName}' {Describe(InputShape)} has a fixed batch of {InputShape[0]}, not {batch}");
        }

        return [batch, .. InputShape.Skip(1)];
    }

    public static string Describe(IEnumerable<int> shape) => "[" + string.Join("x", shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
