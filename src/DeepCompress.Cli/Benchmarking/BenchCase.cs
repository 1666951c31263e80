namespace DeepCompress.Cli.Benchmarking;

/// <summary>One (threads, batch) case of <c>dcompress bench</c>: the three engines on the same seeded input.</summary>
/// <param name="Ours">Our engine on the .dcz.</param>
/// <param name="OrtOriginal">ONNX Runtime dense on the original (baseline) model.</param>
/// <param name="OrtDecoded">ONNX Runtime dense on the decoded .dcz (the same weights as ours).</param>
/// <param name="Difference">Our output against ONNX Runtime's on the decoded model.</param>
public sealed record BenchCase(int Threads, int Batch, LatencyStats Ours, LatencyStats OrtOriginal, LatencyStats OrtDecoded, OutputDifference Difference)
{
    public double SpeedupVsOrt => OrtOriginal.MedianMs / Ours.MedianMs;

    public double SpeedupVsOrtDecoded => OrtDecoded.MedianMs / Ours.MedianMs;
}
