using System.Buffers.Binary;
using System.Globalization;
using DeepCompress.Onnx.Proto;

namespace DeepCompress.TestModels;

/// <summary>
/// <c>y = (x · wide + bias) · head</c> on x[1, 16384], with every tensor in one external data file past 2 GiB:
/// <c>wide</c> is 16384 x 32800 float32, 2,149,580,800 bytes on its own (its element count stays below 2^31-1, the
/// container's limit), and <c>bias</c> and <c>head</c> follow it at offsets past 2^31. The data file is made with
/// <see cref="FileStream.SetLength"/> and only <see cref="BlockStarts"/> of <c>wide</c> hold nonzeros, so where the
/// file system has holes the model costs a few hundred KiB of disk. The values are chosen so that 5-bit weight
/// sharing keeps them exactly (at most 16 distinct per layer) and float32 computes y exactly in any order: every value
/// is a multiple of a power of two with few significant bits, so each product is a multiple of 2^-10 and every partial
/// sum stays far below 2^14 (see <see cref="ExpectedOutput"/>), which 24 bits of mantissa hold.
/// </summary>
public static class BeyondTwoGiBModel
{
    public const int Inputs = 16384;
    public const int Hidden = 32800;
    public const int Outputs = 4;
    public const string WideName = "wide";
    public const string HeadName = "head";
    public const string BiasName = "bias";
    public const string DataFileName = "wide.bin";
    public const string ModelFileName = "wide.onnx";

    /// <summary>Nonzero elements per block of <c>wide</c>: 4 KiB, the file system's usual allocation unit.</summary>
    public const int BlockElements = 1024;

    public const long WideBytes = (long)Inputs * Hidden * sizeof(float);
    public const long BiasOffset = WideBytes;
    public const long HeadOffset = (BiasOffset + (Hidden * sizeof(float)) + 4095) / 4096 * 4096;
    public const long DataFileLength = HeadOffset + ((long)Hidden * Outputs * sizeof(float));

    /// <summary>
    /// The first element of each nonzero block of <c>wide</c>: the first, one in the middle, one whose bytes straddle
    /// 2^31 (element 2^29 starts at byte 2^31), and the last.
    /// </summary>
    public static IReadOnlyList<long> BlockStarts { get; } = [0, 300_000_000, (1L << 29) - (BlockElements / 2), ((long)Inputs * Hidden) - BlockElements];

    /// <summary>The value of <c>wide</c>'s flat element <paramref name="element"/>: zero outside the blocks.</summary>
    public static float Wide(long element) =>
        BlockStarts.Any(s => element >= s && element < s + BlockElements) ? ((element % 16) - 7.5f) / 8 : 0f;

    public static float Bias(int j) => ((j % 13) - 6) / 16f;

    /// <summary>The value of <c>head</c>'s flat element <paramref name="element"/> (row-major [Hidden, Outputs]).</summary>
    public static float Head(int element) => (((element * 3) % 8) - 3.5f) / 4;

    /// <summary>The test input's element <paramref name="i"/> (never zero, so every row of <c>wide</c> counts).</summary>
    public static float Input(int i) => (((i % 7) - 3) * 0.25f) + 0.125f;

    /// <summary>
    /// Writes the model and its sparse data file into <paramref name="directory"/>; returns the model's path.
    /// </summary>
    public static string Save(string directory)
    {
        using (var file = new FileStream(Path.Combine(directory, DataFileName), FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength(DataFileLength);
            foreach (long start in BlockStarts)
            {
                WriteAt(file, start * sizeof(float), BlockElements, e => Wide(start + e));
            }

            WriteAt(file, BiasOffset, Hidden, Bias);
            WriteAt(file, HeadOffset, Hidden * Outputs, Head);
        }

        var graph = new OnnxGraphBuilder("beyond_two_gib", new Random(1));
        graph.Input("x", TensorProto.Types.DataType.Float, 1, Inputs);
        graph.Graph.Initializer.Add(ExternalTensor(WideName, 0, WideBytes, Inputs, Hidden));
        graph.Graph.Initializer.Add(ExternalTensor(BiasName, BiasOffset, Hidden * sizeof(float), Hidden));
        graph.Graph.Initializer.Add(ExternalTensor(HeadName, HeadOffset, (long)Hidden * Outputs * sizeof(float), Hidden, Outputs));
        string hidden = graph.Node("MatMul", "wide_matmul", ["x", WideName]);
        string biased = graph.Node("Add", "bias_add", [hidden, BiasName]);
        graph.Node("MatMul", "head_matmul", [biased, HeadName], ["y"]);
        graph.Output("y", TensorProto.Types.DataType.Float, 1, Outputs);

        var model = new ModelProto { IrVersion = TestModelFactory.IrVersionFor(13), ProducerName = "DeepCompress.TestModels", Graph = graph.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        string path = Path.Combine(directory, ModelFileName);
        File.WriteAllBytes(path, new TestModel(model).ToBytes());
        return path;
    }

    /// <summary>
    /// y for <see cref="Input"/>, in double precision, and for each output the sum of the magnitudes of the terms
    /// that make it: below 2^14, no partial sum of multiples of 2^-10 needs more than float32's 24 bits.
    /// </summary>
    public static (double[] Values, double[] Magnitudes) ExpectedOutput()
    {
        var hidden = new double[Hidden];
        var hiddenMagnitude = new double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            hidden[j] = Bias(j);
            hiddenMagnitude[j] = Math.Abs(Bias(j));
        }

        foreach (long start in BlockStarts)
        {
            for (long e = start; e < start + BlockElements; e++)
            {
                double product = (double)Input((int)(e / Hidden)) * Wide(e);
                hidden[e % Hidden] += product;
                hiddenMagnitude[e % Hidden] += Math.Abs(product);
            }
        }

        var values = new double[Outputs];
        var magnitudes = new double[Outputs];
        for (int j = 0; j < Hidden; j++)
        {
            for (int k = 0; k < Outputs; k++)
            {
                values[k] += hidden[j] * Head((j * Outputs) + k);
                magnitudes[k] += hiddenMagnitude[j] * Math.Abs(Head((j * Outputs) + k));
            }
        }

        return (values, magnitudes);
    }

    private static void WriteAt(FileStream file, long offset, int count, Func<int, float> value)
    {
        var bytes = new byte[count * sizeof(float)];
        for (int i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value(i));
        }

        file.Position = offset;
        file.Write(bytes);
    }

    private static TensorProto ExternalTensor(string name, long offset, long length, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, DataLocation = TensorProto.Types.DataLocation.External };
        tensor.Dims.AddRange(dims);
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = DataFileName });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length.ToString(CultureInfo.InvariantCulture) });
        return tensor;
    }
}
