using System.Buffers.Binary;
using System.IO.Hashing;
using DeepCompress.Core;

namespace DeepCompress.Format.Tests;

/// <summary>
/// Seeded mutations (flips, overwrites, truncations, insertions, deletions) all over a small valid container. The
/// reader may only throw <see cref="InvalidContainerException"/> (or <see cref="NotSupportedException"/> for a
/// version above 1). Without CRC repair it must never succeed; with CRCs repaired (so deeper checks run) a success
/// must be a self-consistent model that survives a write/read round trip.
/// </summary>
public class MutationTests
{
    private const int VariantsPerMode = 4000;

    private static readonly byte[] Original = RoundTripTests.Write(new DczModel(
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
        [
            new("conv", LayerClass.Conv, TestLayers.Pruned([4, 1, 3, 3], 0.5, 8, 21)),
            new("fc", LayerClass.Fc, TestLayers.Pruned([10, 20], 0.3, 16, 22)),
            new("empty", LayerClass.Fc, new SparseQuantizedTensor([3], [], [], [])),
        ],
        new Dictionary<string, string> { ["producer"] = "t", ["source.size"] = "123" }));

    [Fact]
    public void MutatedFilesWithoutCrcRepairAreAlwaysRejected()
    {
        var random = new Random(2016);
        for (var variant = 0; variant < VariantsPerMode; variant++)
        {
            var mutated = Mutate(Original, random);
            if (mutated.AsSpan().SequenceEqual(Original))
            {
                continue;
            }

            var outcome = Outcome(mutated);
            Assert.True(outcome is InvalidContainerException or NotSupportedException, $"variant {variant}: {outcome?.GetType().Name ?? "accepted"}: {outcome}");
        }
    }

    [Fact]
    public void MutatedFilesWithRepairedCrcsFailOnlyWithTheReadersExceptions()
    {
        var random = new Random(2017);
        var accepted = 0;
        for (var variant = 0; variant < VariantsPerMode; variant++)
        {
            var mutated = RepairCrcs(Mutate(Original, random));
            var outcome = Outcome(mutated);
            if (outcome is null)
            {
                accepted++;
                var model = DczReader.Read(mutated, "mutated.dcz");
                ModelAssert.Equal(model, DczReader.Read(RoundTripTests.Write(model), "rewritten.dcz"));
                continue;
            }

            Assert.True(outcome is InvalidContainerException or NotSupportedException, $"variant {variant}: {outcome}");
        }

        // Codebook floats and graph bytes take any value, so some repaired mutants are valid files.
        Assert.InRange(accepted, 1, VariantsPerMode / 2);
    }

    private static Exception? Outcome(byte[] data)
    {
        try
        {
            DczReader.Inspect(data, "mutated.dcz");
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    var boundary = new byte[][] { [0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF], [0xFF, 0xFF, 0xFF, 0x7F], [0x80, 0x80, 0x80, 0x80] }[random.Next(4)];
                    for (var k = 0; k < boundary.Length && at + k < bytes.Count; k++)
                    {
                        bytes[at + k] = boundary[k];
                    }

                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 9), bytes.Count - at));
                    break;
            }
        }

        return bytes.ToArray();
    }

    // Recomputes the header CRC and the CRC of every section whose framing still fits the file.
    private static byte[] RepairCrcs(byte[] data)
    {
        if (data.Length < FormatConstants.HeaderSize)
        {
            return data;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(20), Crc32.HashToUInt32(data.AsSpan(0, 20)));
        var offset = FormatConstants.HeaderSize;
        while (data.Length - offset >= 12)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(offset + 4));
            if (length > data.Length - offset - 12)
            {
                break;
            }

            var framed = 8 + (int)length;
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(offset + framed), Crc32.HashToUInt32(data.AsSpan(offset, framed)));
            offset += framed + 4;
        }

        return data;
    }
}
