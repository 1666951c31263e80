using DeepCompress.Core.Coding;
using DeepCompress.Core.Data;
using DeepCompress.Format;
using DeepCompress.Onnx;

namespace DeepCompress.Fuzz;

/// <summary>
/// The exceptions a reader may throw for hostile input (docs/cli.md maps each to exit 3 or 5). Anything else
/// (IndexOutOfRange, NullReference, OutOfMemory, Overflow, Argument...) escaping a reader is a bug.
/// </summary>
public static class CleanRejection
{
    public static bool Is(Exception exception) => exception is
        InvalidContainerException or InvalidModelException or InvalidDataFileException or InvalidCodedDataException
        // ContainerCodec's cross-checks between the container's layers and its graph.
        or InvalidDataException
        or NotSupportedException;
}
