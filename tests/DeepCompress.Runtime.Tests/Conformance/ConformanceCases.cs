using DeepCompress.Runtime.Conformance;

namespace DeepCompress.Runtime.Tests.Conformance;

/// <summary>The libonnx-testdata node tests whose models use only supported operators, and the expected rejections.</summary>
internal static class ConformanceCases
{
    public const string MissingDataMessage = "install libonnx-testdata (bash .ci/run does)";

    /// <summary>Stand-in case name produced when the data directory is absent, so that the theory fails loudly.</summary>
    public const string MissingDataCase = "<libonnx-testdata missing>";

    private static readonly Lazy<string[]> Cases = new(() =>
        Directory.Exists(Path.Combine(ConformanceRunner.DefaultDataDirectory, "node"))
            ? ConformanceRunner.Suites
                .Where(suite => Directory.Exists(Path.Combine(ConformanceRunner.DefaultDataDirectory, suite)))
                .SelectMany(suite => Directory.GetDirectories(Path.Combine(ConformanceRunner.DefaultDataDirectory, suite), "test_*")
                    .Where(ConformanceRunner.UsesOnlySupportedOperators)
                    .Select(directory => $"{suite}/{Path.GetFileName(directory)}"))
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [MissingDataCase]);

    private static readonly Lazy<HashSet<string>> Unsupported = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Conformance", "expected-unsupported.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal));

    public static IReadOnlyList<string> Names => Cases.Value;

    /// <summary>Tests that must be rejected at Create with NotSupportedException (one name per line in expected-unsupported.txt).</summary>
    public static IReadOnlySet<string> ExpectedUnsupported => Unsupported.Value;

    public static string PathOf(string name) => Path.Combine(ConformanceRunner.DefaultDataDirectory, name);
}
