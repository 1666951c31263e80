namespace DeepCompress.Runtime.Training;

/// <summary>How a <see cref="TrainingGraph"/> computes.</summary>
public sealed class TrainingGraphOptions
{
    /// <summary>Worker threads for the matrix products; results are bit-identical for any value.</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Forces one kernel path; null picks <see cref="KernelDispatch.Best"/>.</summary>
    public KernelPath? Kernel { get; set; }

    /// <summary>Seeds the dropout masks.</summary>
    public ulong Seed { get; set; }

    /// <summary>
    /// Computes <see cref="TrainingGraph.InputGradient"/>. Training only needs the parameters' gradients; without the
    /// input's, the first layer skips a product as large as its weight gradient (a third of LeNet-300-100's fc1 work).
    /// </summary>
    public bool InputGradient { get; set; } = true;

    /// <summary>Times every node's forward and backward pass (<see cref="TrainingGraph.NodeTimes"/>), to find what dominates a step.</summary>
    public bool RecordNodeTimes { get; set; }
}
