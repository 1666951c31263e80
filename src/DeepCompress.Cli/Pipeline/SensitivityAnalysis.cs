using DeepCompress.Core.Data;
using DeepCompress.Core.Pruning;
using DeepCompress.Onnx;

namespace DeepCompress.Cli.Pipeline;

/// <summary>
/// Per-layer pruning sensitivity (Han et al. 2015, figure 6): each layer alone is magnitude-pruned to each sparsity,
/// without retraining, while every other layer stays dense, and the model is scored on DeepCompress' engine.
/// </summary>
public static class SensitivityAnalysis
{
    /// <param name="model">Its layers are modified during the scan and restored to their original weights before returning.</param>
    /// <param name="onCell">Called after each (layer, sparsity) evaluation, for progress logs.</param>
    public static SensitivityResult Run(
        OnnxModel model,
        IReadOnlyList<WeightLayer> layers,
        IReadOnlyList<double> sparsities,
        LabeledImages data,
        int count,
        int threads,
        string displayName,
        Action<LayerSensitivity, int> onCell)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(layers);
        var dense = SparseEngineEvaluation.Run(model.Proto, null, data, count, threads, displayName);
        var rows = new List<LayerSensitivity>(layers.Count);
        foreach (var layer in layers)
        {
            var original = layer.ReadWeights();
            var results = new List<EvalResult>(sparsities.Count);
            var row = new LayerSensitivity(layer.Name, layer.Class, original.Length, results);
            try
            {
                foreach (var sparsity in sparsities)
                {
                    var pruned = (float[])original.Clone();
                    MagnitudePruner.PruneSmallest(pruned, MagnitudePruner.CountForSparsity(pruned.Length, sparsity));
                    layer.WriteWeights(pruned);
                    results.Add(SparseEngineEvaluation.Run(model.Proto, null, data, count, threads, displayName));
                    onCell(row, results.Count - 1);
                }
            }
            finally
            {
                layer.WriteWeights(original);
            }

            rows.Add(row);
        }

        return new SensitivityResult(dense, sparsities, rows);
    }
}
