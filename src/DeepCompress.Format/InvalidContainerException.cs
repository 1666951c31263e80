namespace DeepCompress.Format;

/// <summary>
/// Thrown for any malformed .dcz file; the message reads "&lt;file&gt;: &lt;what&gt; (&lt;value&gt; vs limit &lt;limit&gt;)".
/// It derives from <see cref="IOException"/> because <see cref="InvalidDataException"/>, the natural base, is sealed.
/// </summary>
public sealed class InvalidContainerException : IOException
{
    public InvalidContainerException(string message)
        : base(message)
    {
    }

    public InvalidContainerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidContainerException()
    {
    }
}
