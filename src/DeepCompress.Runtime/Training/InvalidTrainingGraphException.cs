namespace DeepCompress.Runtime.Training;

/// <summary>
/// A model whose graph cannot be trained as it stands: a missing tensor, a shape that does not fit, a bad attribute.
/// An <see cref="IOException"/> like the project's other malformed-input exceptions, since
/// <see cref="InvalidDataException"/> is sealed.
/// </summary>
public sealed class InvalidTrainingGraphException : IOException
{
    public InvalidTrainingGraphException(string message)
        : base(message)
    {
    }
}
