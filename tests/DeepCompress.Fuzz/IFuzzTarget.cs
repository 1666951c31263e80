namespace DeepCompress.Fuzz;

/// <summary>One reader path under fuzzing: takes the fuzzer's bytes and returns, or throws only what the reader documents.</summary>
public interface IFuzzTarget
{
    /// <summary>The command-line name of the target (also the corpus folder's name).</summary>
    string Name { get; }

    /// <summary>Runs the reader path on <paramref name="input"/>; an exception that escapes is a finding.</summary>
    void Run(byte[] input);
}
