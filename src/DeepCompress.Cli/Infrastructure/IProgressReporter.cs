namespace DeepCompress.Cli.Infrastructure;

/// <summary>
/// Progress of a long operation (layers compressed, epochs trained, cases benchmarked), for a person watching a
/// terminal: <see cref="ProgressReporters.For"/> gives a silent one whenever nobody is (redirected stderr, CI).
/// </summary>
public interface IProgressReporter
{
    /// <summary><paramref name="done"/> of <paramref name="total"/> steps of <paramref name="operation"/> are finished, the last being <paramref name="item"/>.</summary>
    void Report(string operation, int done, int total, string item);

    /// <summary>Removes the progress line so that later output starts on a clean line.</summary>
    void Clear();
}
