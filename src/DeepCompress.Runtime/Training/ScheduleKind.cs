namespace DeepCompress.Runtime.Training;

/// <summary>How the learning rate falls over training.</summary>
public enum ScheduleKind
{
    /// <summary>Multiplied by a factor every few epochs.</summary>
    Step,

    /// <summary>Half a cosine from the base rate to 0 over all steps.</summary>
    Cosine,
}
