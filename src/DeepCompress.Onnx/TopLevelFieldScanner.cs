using DeepCompress.Onnx.Proto;
using Google.Protobuf.Reflection;

namespace DeepCompress.Onnx;

/// <summary>
/// Locates where a ModelProto that failed to parse goes wrong, for the error message: Google.Protobuf reports
/// what failed but not where. Walks the top-level fields only; a defect inside a field is reported as that field.
/// </summary>
internal static class TopLevelFieldScanner
{
    private const int MaxVarintBytes = 10;
    private const int WireVarint = 0;
    private const int WireFixed64 = 1;
    private const int WireLengthDelimited = 2;
    private const int WireFixed32 = 5;

    /// <summary>"field 7 (graph) at byte 9 declares 2000 bytes but only 1200 remain", or a description of the field holding the defect.</summary>
    public static string Describe(ReadOnlySpan<byte> bytes)
    {
        long position = 0;
        while (position < bytes.Length)
        {
            long fieldStart = position;
            if (!TryReadVarint(bytes, ref position, out ulong tag))
            {
                return $"the tag at byte {fieldStart} runs past the end ({bytes.Length} bytes)";
            }

            int fieldNumber = (int)Math.Min(tag >> 3, int.MaxValue);
            string field = $"field {fieldNumber}{FieldName(fieldNumber)} at byte {fieldStart}";
            long valueStart = position;
            switch ((int)(tag & 7))
            {
                case WireVarint:
                    if (!TryReadVarint(bytes, ref position, out _))
                    {
                        return $"{field}: its varint runs past the end ({bytes.Length} bytes)";
                    }

                    break;
                case WireFixed64:
                    position += sizeof(ulong);
                    break;
                case WireFixed32:
                    position += sizeof(uint);
                    break;
                case WireLengthDelimited:
                    if (!TryReadVarint(bytes, ref position, out ulong length))
                    {
                        return $"{field}: its length runs past the end ({bytes.Length} bytes)";
                    }

                    if (length > (ulong)(bytes.Length - position))
                    {
                        return $"{field} declares {length} bytes but only {bytes.Length - position} remain";
                    }

                    valueStart = position;
                    position += (long)length;
                    break;
                default:
                    return $"{field} has wire type {tag & 7}, which ONNX never uses (0, 1, 2 and 5 are valid)";
            }

            if (position > bytes.Length)
            {
                return $"{field} needs {position - valueStart} bytes but only {bytes.Length - valueStart} remain";
            }

            if (fieldNumber == ModelProto.GraphFieldNumber && (tag & 7) == WireLengthDelimited)
            {
                // A truncated or corrupt graph is the common case; name it even when its length fits.
                string? inner = InnerDefect(bytes[(int)valueStart..(int)position]);
                if (inner is not null)
                {
                    return $"{field} ({position - valueStart} bytes) is corrupt inside: {inner}";
                }
            }
        }

        return "the defect is nested inside a field";
    }

    private static string? InnerDefect(ReadOnlySpan<byte> graph)
    {
        try
        {
            GraphProto.Parser.ParseFrom(graph);
            return null;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            return ex.Message;
        }
    }

    private static string FieldName(int fieldNumber)
    {
        FieldDescriptor? descriptor = ModelProto.Descriptor.FindFieldByNumber(fieldNumber);
        return descriptor is null ? " (unknown)" : $" ({descriptor.Name})";
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> bytes, ref long position, out ulong value)
    {
        value = 0;
        for (int shift = 0, count = 0; count < MaxVarintBytes; shift += 7, count++)
        {
            if (position >= bytes.Length)
            {
                return false;
            }

            byte b = bytes[(int)position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }

        return false;
    }
}
