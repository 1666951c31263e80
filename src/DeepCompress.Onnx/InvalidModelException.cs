namespace DeepCompress.Onnx;

/// <summary>
/// A file or byte buffer is not a well-formed ONNX model, or its external data is missing, out of range or
/// outside the model's directory. The message starts with the model's path (or display name) when known.
/// Derives from <see cref="IOException"/> because <see cref="InvalidDataException"/>, the natural base, is sealed
/// (the team's other reader exceptions do the same).
/// </summary>
public sealed class InvalidModelException : IOException
{
    /// <summary>Creates the exception with a message that names the model, the bad value and the limit.</summary>
    public InvalidModelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping the lower-level error that revealed the defect.</summary>
    public InvalidModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
