using System.Globalization;
using DeepCompress.Core.IO;
using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.Onnx;

/// <summary>
/// Saves a model atomically. Streamed payloads, tensors that were external when loaded, and every tensor of at least
/// <see cref="OnnxConstants.ExternalizeThresholdBytes"/> when the model would otherwise exceed the protobuf limit,
/// go to one data file beside the model. The in-memory model is left exactly as it was.
/// </summary>
internal static class ModelWriter
{
    /// <summary>A varint length prefix never exceeds this many bytes for sizes below 2^35.</summary>
    private const int MaxLengthPrefixBytes = 5;

    /// <summary>Upper bound on the serialized external_data entries and data_location of one tensor, minus the location.</summary>
    private const int ExternalEntriesOverheadBytes = 64;

    /// <param name="protobufSizeLimit">
    /// <see cref="OnnxConstants.ProtobufSizeLimit"/>; tests pass a smaller one to exercise externalization.
    /// </param>
    /// <param name="streamed">
    /// Tensors without data in <paramref name="model"/> whose bytes are written to the data file by their payload, one
    /// at a time, so a model larger than memory can be saved.
    /// </param>
    public static void Save(
        ModelProto model,
        IReadOnlySet<TensorProto> externalOnLoad,
        IReadOnlyList<TensorPayload> streamed,
        string path,
        long protobufSizeLimit)
    {
        string target = Path.GetFullPath(path);
        string dataFileName = Path.GetFileName(target) + OnnxConstants.ExternalDataFileSuffix;
        string dataTarget = Path.Combine(Path.GetDirectoryName(target) ?? string.Empty, dataFileName);

        var stripped = new List<StrippedPayload>();
        string? dataTemporary = null;
        string? modelTemporary = null;
        try
        {
            List<StrippedPayload> external = StripPayloads(model, externalOnLoad, dataFileName, protobufSizeLimit, stripped);
            List<TensorPayload> payloads = InModelOrder(model, external, streamed);
            List<long> offsets = PointAtDataFile(payloads, dataFileName);
            if (payloads.Count > 0)
            {
                dataTemporary = AtomicFile.WriteTemporary(dataTarget, stream => WriteDataFile(stream, payloads, offsets));
            }

            modelTemporary = AtomicFile.WriteTemporary(target, model.WriteTo);
            if (dataTemporary is not null)
            {
                AtomicFile.Commit(dataTemporary, dataTarget);
                dataTemporary = null;
            }

            AtomicFile.Commit(modelTemporary, target);
            modelTemporary = null;
        }
        finally
        {
            AtomicFile.DeleteQuietly(dataTemporary);
            AtomicFile.DeleteQuietly(modelTemporary);
            foreach (StrippedPayload payload in stripped)
            {
                payload.Restore();
            }

            foreach (TensorPayload payload in streamed)
            {
                payload.Tensor.ExternalData.Clear();
                payload.Tensor.ClearDataLocation();
            }
        }
    }

    /// <summary>The stripped and the streamed payloads together, in the order their tensors appear in the model.</summary>
    private static List<TensorPayload> InModelOrder(ModelProto model, List<StrippedPayload> stripped, IReadOnlyList<TensorPayload> streamed)
    {
        var byTensor = new Dictionary<TensorProto, TensorPayload>(ReferenceEqualityComparer.Instance);
        foreach (StrippedPayload payload in stripped)
        {
            byTensor.Add(payload.Tensor, new TensorPayload(payload.Tensor, payload.Bytes.Length, stream => stream.Write(payload.Bytes.Span)));
        }

        foreach (TensorPayload payload in streamed)
        {
            if (StrippedPayload.ExternalizableBytes(payload.Tensor) != 0 || !byTensor.TryAdd(payload.Tensor, payload))
            {
                throw new ArgumentException($"tensor '{payload.Tensor.Name}' is streamed but holds data or is streamed twice", nameof(streamed));
            }
        }

        var ordered = new List<TensorPayload>(byTensor.Count);
        foreach (TensorWalker.Found found in TensorWalker.All(model))
        {
            if (byTensor.Remove(found.Tensor, out TensorPayload? payload))
            {
                ordered.Add(payload);
            }
        }

        if (byTensor.Count > 0)
        {
            throw new ArgumentException($"streamed tensor '{byTensor.Keys.First().Name}' is not part of the model", nameof(streamed));
        }

        return ordered;
    }

    /// <summary>
    /// Removes the payloads of the tensors that go external (recorded in <paramref name="stripped"/> so the caller
    /// restores them) and returns those tensors in model order.
    /// </summary>
    private static List<StrippedPayload> StripPayloads(
        ModelProto model,
        IReadOnlySet<TensorProto> externalOnLoad,
        string dataFileName,
        long protobufSizeLimit,
        List<StrippedPayload> stripped)
    {
        var external = new List<StrippedPayload>();
        var largeInline = new List<StrippedPayload>();
        foreach (TensorWalker.Found found in TensorWalker.All(model))
        {
            long payloadBytes = StrippedPayload.ExternalizableBytes(found.Tensor);
            bool wasExternal = externalOnLoad.Contains(found.Tensor);
            if (payloadBytes == 0 || (!wasExternal && payloadBytes < OnnxConstants.ExternalizeThresholdBytes))
            {
                continue;
            }

            var payload = StrippedPayload.Strip(found.Tensor, found.Depth, stripped.Count);
            stripped.Add(payload);
            (wasExternal ? external : largeInline).Add(payload);
        }

        // Sizes are summed in 64 bits because the model as a whole may exceed what CalculateSize can count.
        long upperBound = model.CalculateSize();
        foreach (StrippedPayload payload in external)
        {
            upperBound += ExternalEntriesOverheadBytes + dataFileName.Length + (MaxLengthPrefixBytes * payload.Depth);
        }

        foreach (StrippedPayload payload in largeInline)
        {
            upperBound += payload.Bytes.Length + (MaxLengthPrefixBytes * (payload.Depth + 1));
        }

        if (upperBound > protobufSizeLimit)
        {
            external.AddRange(largeInline);
            external.Sort((a, b) => a.Order.CompareTo(b.Order));
        }
        else
        {
            foreach (StrippedPayload payload in largeInline)
            {
                payload.Restore();
            }
        }

        return external;
    }

    private static List<long> PointAtDataFile(List<TensorPayload> external, string dataFileName)
    {
        var offsets = new List<long>(external.Count);
        long end = 0;
        foreach (TensorPayload payload in external)
        {
            long offset = AlignUp(end);
            offsets.Add(offset);
            end = offset + payload.ByteCount;
            TensorProto tensor = payload.Tensor;
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(Entry(OnnxConstants.ExternalDataKeys.Location, dataFileName));
            tensor.ExternalData.Add(Entry(OnnxConstants.ExternalDataKeys.Offset, offset.ToString(CultureInfo.InvariantCulture)));
            tensor.ExternalData.Add(Entry(OnnxConstants.ExternalDataKeys.Length, payload.ByteCount.ToString(CultureInfo.InvariantCulture)));
        }

        return offsets;
    }

    /// <summary>Writes the payloads at their offsets; zero blocks, the alignment padding among them, become holes.</summary>
    private static void WriteDataFile(FileStream file, List<TensorPayload> external, List<long> offsets)
    {
        using var stream = new HoleSkippingStream(file);
        Span<byte> zeros = stackalloc byte[OnnxConstants.ExternalDataAlignment];
        zeros.Clear();
        long position = 0;
        for (int i = 0; i < external.Count; i++)
        {
            stream.Write(zeros[..checked((int)(offsets[i] - position))]);
            external[i].Write(stream);
            position = offsets[i] + external[i].ByteCount;
            if (stream.Position != position)
            {
                throw new InvalidOperationException(
                    $"the payload of tensor '{external[i].Tensor.Name}' wrote {stream.Position - offsets[i]} bytes; it declared {external[i].ByteCount}");
            }
        }

        stream.Finish();
    }

    private static long AlignUp(long offset)
    {
        long remainder = offset % OnnxConstants.ExternalDataAlignment;
        return remainder == 0 ? offset : offset + OnnxConstants.ExternalDataAlignment - remainder;
    }

    private static StringStringEntryProto Entry(string key, string value) => new() { Key = key, Value = value };
}
