using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.TestModels;

/// <summary>
/// A model whose one weight lives in external data beyond 2^31 bytes, in a data file of
/// <see cref="DataFileLength"/> bytes made with <see cref="FileStream.SetLength"/>: sparse where the file system
/// allows it (ext4, xfs, btrfs, tmpfs, overlayfs), so a CI machine writes a few KiB, not 2.3 GB.
/// </summary>
public static class FarOffsetExternalData
{
    public const string DataFileName = "far.bin";

    /// <summary>Past <see cref="int.MaxValue"/>, so any 32-bit offset arithmetic on the way would break.</summary>
    public const long TensorOffset = (2L << 30) + (200L << 20);

    public const long DataFileLength = TensorOffset + (100L << 20);

    /// <summary>
    /// Saves <paramref name="model"/> (all tensors inline) into <paramref name="directory"/> with the raw data of
    /// <paramref name="tensorName"/> moved to <see cref="TensorOffset"/> of <see cref="DataFileName"/>; returns the
    /// model's path.
    /// </summary>
    public static string Save(TestModel model, string tensorName, string directory)
    {
        ModelProto proto = model.Proto.Clone();
        TensorProto tensor = proto.Graph.Initializer.Single(t => t.Name == tensorName);
        byte[] data = tensor.RawData.ToByteArray();
        using (var file = new FileStream(Path.Combine(directory, DataFileName), FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength(DataFileLength);
            file.Position = TensorOffset;
            file.Write(data);
        }

        tensor.ClearRawData();
        tensor.DataLocation = TensorProto.Types.DataLocation.External;
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = DataFileName });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = TensorOffset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = data.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        string path = Path.Combine(directory, "far.onnx");
        File.WriteAllBytes(path, proto.ToByteArray());
        return path;
    }
}
