using DeepCompress.Core.Data;

namespace DeepCompress.Core.Tests.Data;

/// <summary>
/// Seeded byte flips and truncations of valid files: the readers may succeed or throw their own exceptions
/// (<see cref="InvalidDataFileException"/>, <see cref="NotSupportedException"/>), never anything else.
/// </summary>
public class CorruptionFuzzTests
{
    private const int Mutations = 1000;

    public static TheoryData<string> Samples => new()
    {
        "idx-raw", "idx-gzip", "npy-f4", "npy-i8", "npy-v3", "npz-stored", "npz-deflated",
    };

    private static byte[] Sample(string name) => name switch
    {
        "idx-raw" => IdxFiles.Build([3, 5, 5], IdxFiles.RandomBytes(75, seed: 7)),
        "idx-gzip" => IdxFiles.Gzip(IdxFiles.Build([3, 5, 5], IdxFiles.RandomBytes(75, seed: 7))),
        "npy-f4" => NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Float32Matrix),
        "npy-i8" => NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Int64Labels),
        "npy-v3" => NumpyGoldenFiles.Bytes(NumpyGoldenFiles.Version3Float32),
        "npz-stored" => NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzStored),
        "npz-deflated" => NumpyGoldenFiles.Bytes(NumpyGoldenFiles.NpzCompressedSplit),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown sample"),
    };

    private static void Parse(string sample, byte[] bytes)
    {
        var stream = new MemoryStream(bytes);
        if (sample.StartsWith("idx", StringComparison.Ordinal))
        {
            IdxReader.Read(stream, "fuzz.idx");
        }
        else if (sample.StartsWith("npy", StringComparison.Ordinal))
        {
            var array = NpyReader.Read(stream, "fuzz.npy");
            array.ToSingleArray();
        }
        else
        {
            using var npz = new NpzReader(stream, "fuzz.npz");
            foreach (var name in npz.ArrayNames)
            {
                npz.Read(name).ToSingleArray();
            }
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void UnmodifiedSampleParses(string sample) => Parse(sample, Sample(sample));

    [Theory]
    [MemberData(nameof(Samples))]
    public void FlippedBytesThrowOnlyTheReadersExceptions(string sample)
    {
        var original = Sample(sample);
        var random = new Random(sample.Length * 7919 + sample[^1]);
        for (var m = 0; m < Mutations; m++)
        {
            var bytes = (byte[])original.Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
            }

            AssertOnlyReaderExceptions(sample, bytes, $"mutation {m}");
        }
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryTruncationThrowsTheReadersException(string sample)
    {
        var original = Sample(sample);
        for (var length = 0; length < original.Length; length++)
        {
            AssertOnlyReaderExceptions(sample, original[..length], $"truncated to {length} bytes");
        }
    }

    private static void AssertOnlyReaderExceptions(string sample, byte[] bytes, string what)
    {
        try
        {
            Parse(sample, bytes);
        }
        catch (Exception e) when (e is InvalidDataFileException or NotSupportedException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{sample}, {what}: {e.GetType().Name} escaped: {e.Message}\n{Convert.ToHexString(bytes)}");
        }
    }
}
