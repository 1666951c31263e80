namespace DeepCompress.Runtime.Training;

/// <summary>
/// SGD with momentum and L2 weight decay (PyTorch's form: v = momentum v + g + decay w; w -= rate v), honouring
/// each parameter's <see cref="ParameterConstraint"/>. Every sum runs in a fixed order, so a step is deterministic.
/// </summary>
public sealed class SgdOptimizer
{
    private readonly IReadOnlyList<TrainingParameter> parameters;
    private readonly IReadOnlyDictionary<string, ParameterConstraint> constraints;
    private readonly Dictionary<string, float[]> velocity = new(StringComparer.Ordinal);

    public SgdOptimizer(IReadOnlyList<TrainingParameter> parameters, IReadOnlyDictionary<string, ParameterConstraint> constraints, float momentum, float weightDecay)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(constraints);
        if (!(momentum >= 0f && momentum < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
        }

        if (!(weightDecay >= 0f) || !float.IsFinite(weightDecay))
        {
            throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be finite and >= 0");
        }

        this.parameters = parameters;
        this.constraints = constraints;
        Momentum = momentum;
        WeightDecay = weightDecay;
        foreach (var p in parameters)
        {
            var constraint = Constraint(p);
            velocity[p.Name] = new float[constraint.Centroids?.Length ?? p.Value.Data.Length];
        }
    }

    public float Momentum { get; }

    public float WeightDecay { get; }

    /// <summary>Applies the parameters' current gradients with learning rate <paramref name="rate"/>.</summary>
    public void Step(float rate)
    {
        foreach (var p in parameters)
        {
            var constraint = Constraint(p);
            var v = velocity[p.Name];
            var w = p.Value.Data;
            var g = p.Gradient;
            if (constraint.Centroids is { } centroids)
            {
                var cluster = constraint.Cluster!;
                var sums = new double[centroids.Length];
                for (var i = 0; i < w.Length; i++)
                {
                    if (cluster[i] >= 0)
                    {
                        sums[cluster[i]] += g[i] + (WeightDecay * w[i]);
                    }
                }

                for (var c = 0; c < centroids.Length; c++)
                {
                    v[c] = (Momentum * v[c]) + (float)sums[c];
                    centroids[c] -= rate * v[c];
                }

                for (var i = 0; i < w.Length; i++)
                {
                    w[i] = cluster[i] >= 0 ? centroids[cluster[i]] : 0f;
                }

                continue;
            }

            var keep = constraint.Keep;
            for (var i = 0; i < w.Length; i++)
            {
                if (keep is not null && !keep[i])
                {
                    continue;
                }

                v[i] = (Momentum * v[i]) + g[i] + (WeightDecay * w[i]);
                w[i] -= rate * v[i];
            }
        }
    }

    private ParameterConstraint Constraint(TrainingParameter p) => constraints.GetValueOrDefault(p.Name) ?? ParameterConstraint.None;
}
