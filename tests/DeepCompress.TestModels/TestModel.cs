using DeepCompress.Onnx;
using DeepCompress.Onnx.Proto;
using Google.Protobuf;

namespace DeepCompress.TestModels;

/// <summary>A model built in code, plus the external data files it refers to (empty unless stored externally).</summary>
public sealed class TestModel
{
    /// <summary>The external data file <see cref="WithExternalData"/> creates.</summary>
    public const string ExternalFileName = "weights.bin";

    public TestModel(ModelProto proto, IReadOnlyDictionary<string, byte[]>? externalFiles = null)
    {
        Proto = proto;
        ExternalFiles = externalFiles ?? new Dictionary<string, byte[]>();
    }

    public ModelProto Proto { get; }

    /// <summary>File name (relative to the model) to contents.</summary>
    public IReadOnlyDictionary<string, byte[]> ExternalFiles { get; }

    /// <summary>The serialized model; its external tensors (if any) still point at <see cref="ExternalFiles"/>.</summary>
    public byte[] ToBytes() => Proto.ToByteArray();

    /// <summary>The model as the library sees it; only for models without external data.</summary>
    public OnnxModel ToOnnxModel() => OnnxModel.FromBytes(ToBytes(), Proto.Graph.Name + ".onnx");

    /// <summary>Writes the model and its external files into <paramref name="directory"/>; returns the model's path.</summary>
    public string Save(string directory, string fileName = "model.onnx")
    {
        foreach ((string name, byte[] contents) in ExternalFiles)
        {
            File.WriteAllBytes(Path.Combine(directory, name), contents);
        }

        string path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, ToBytes());
        return path;
    }

    /// <summary>
    /// A copy whose float initializers (every graph, subgraphs included) live in <see cref="ExternalFileName"/>,
    /// packed back to back without alignment, and with the offset key omitted at 0, to differ from the library's
    /// own layout.
    /// </summary>
    public TestModel WithExternalData()
    {
        ModelProto copy = Proto.Clone();
        using var file = new MemoryStream();
        ExternalizeGraph(copy.Graph, file);
        var files = new Dictionary<string, byte[]>(ExternalFiles) { [ExternalFileName] = file.ToArray() };
        return new TestModel(copy, files);
    }

    private static void ExternalizeGraph(GraphProto graph, MemoryStream file)
    {
        foreach (TensorProto tensor in graph.Initializer)
        {
            if (tensor.DataType != (int)TensorProto.Types.DataType.Float || tensor.RawData.Length == 0)
            {
                continue;
            }

            long offset = file.Position;
            file.Write(tensor.RawData.Span);
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = ExternalFileName });
            if (offset != 0)
            {
                tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ClearRawData();
        }

        foreach (NodeProto node in graph.Node)
        {
            foreach (AttributeProto attribute in node.Attribute)
            {
                if (attribute.G is not null)
                {
                    ExternalizeGraph(attribute.G, file);
                }

                foreach (GraphProto subgraph in attribute.Graphs)
                {
                    ExternalizeGraph(subgraph, file);
                }
            }
        }
    }
}
