namespace DeepCompress.Runtime.Training;

/// <summary>The learning rate at each optimizer step: step decay (per epoch) or cosine annealing (per step).</summary>
public sealed class LearningRateSchedule
{
    public LearningRateSchedule(ScheduleKind kind, float baseRate, int totalSteps, int stepsPerEpoch, int decayEpochs = 1, float gamma = 0.1f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stepsPerEpoch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(decayEpochs, 1);
        if (!(baseRate > 0f) || !float.IsFinite(baseRate))
        {
            throw new ArgumentOutOfRangeException(nameof(baseRate), baseRate, "the learning rate must be finite and positive");
        }

        Kind = kind;
        BaseRate = baseRate;
        TotalSteps = totalSteps;
        StepsPerEpoch = stepsPerEpoch;
        DecayEpochs = decayEpochs;
        Gamma = gamma;
    }

    public ScheduleKind Kind { get; }

    public float BaseRate { get; }

    public int TotalSteps { get; }

    public int StepsPerEpoch { get; }

    public int DecayEpochs { get; }

    public float Gamma { get; }

    /// <summary>The rate for optimizer step <paramref name="step"/> (0-based over the whole run).</summary>
    public float Rate(int step) => Kind switch
    {
        ScheduleKind.Cosine => (float)(0.5 * BaseRate * (1 + Math.Cos(Math.PI * step / TotalSteps))),
        _ => BaseRate * MathF.Pow(Gamma, step / StepsPerEpoch / DecayEpochs),
    };
}
