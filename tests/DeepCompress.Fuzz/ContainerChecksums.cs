using System.Buffers.Binary;
using System.IO.Hashing;
using DeepCompress.Format;

namespace DeepCompress.Fuzz;

/// <summary>
/// Rewrites the header and section CRC-32s of a mutated container so the fuzzer's changes reach the parsers
/// behind the checksums instead of stopping at them (as libpng's fuzzers do for chunk CRCs). The CRC checks
/// themselves are covered by DeepCompress.Format.Tests.
/// </summary>
public static class ContainerChecksums
{
    public static void Repair(byte[] file)
    {
        if (file.Length < FormatConstants.HeaderSize)
        {
            return;
        }

        const int headerCrcOffset = FormatConstants.HeaderSize - sizeof(uint);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(headerCrcOffset), Crc32.HashToUInt32(file.AsSpan(0, headerCrcOffset)));
        var offset = FormatConstants.HeaderSize;
        while (file.Length - offset >= FormatConstants.SectionHeaderSize + FormatConstants.SectionTrailerSize)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 4));
            if (length > (uint)(file.Length - offset - FormatConstants.SectionHeaderSize - FormatConstants.SectionTrailerSize))
            {
                return;
            }

            var sectionLength = FormatConstants.SectionHeaderSize + (int)length;
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(offset + sectionLength), Crc32.HashToUInt32(file.AsSpan(offset, sectionLength)));
            offset += sectionLength + FormatConstants.SectionTrailerSize;
        }
    }
}
