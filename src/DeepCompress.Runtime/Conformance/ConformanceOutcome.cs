namespace DeepCompress.Runtime.Conformance;

/// <summary>How one ONNX backend test case went.</summary>
internal enum ConformanceOutcome
{
    /// <summary>Every output matched within tolerance.</summary>
    Passed,

    /// <summary>An output differed, or the engine threw something other than NotSupportedException at Create.</summary>
    Failed,

    /// <summary>Create rejected the model with NotSupportedException (an unsupported data type, attribute or mode).</summary>
    Unsupported,
}
