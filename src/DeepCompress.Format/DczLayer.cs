using DeepCompress.Core;

namespace DeepCompress.Format;

/// <summary>One compressed layer: its name in the graph, its class, and its weight-shared sparse weights.</summary>
public sealed record DczLayer(string Name, LayerClass Class, SparseQuantizedTensor Weights);
