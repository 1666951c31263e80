namespace DeepCompress.Core.Coding;

/// <summary>
/// Thrown when a Huffman table or bit stream is malformed: a table that does not describe a valid canonical code,
/// a stream that runs out of bits or holds a code that does not decode. The message names the object, the bad
/// value and the limit, e.g. "code length of symbol 7 (16 vs limit 15)". It derives from <see cref="IOException"/>
/// because <see cref="InvalidDataException"/>, the natural base, is sealed.
/// </summary>
public sealed class InvalidCodedDataException : IOException
{
    public InvalidCodedDataException(string message)
        : base(message)
    {
    }

    public InvalidCodedDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InvalidCodedDataException()
    {
    }
}
