using DeepCompress.Runtime.Conformance;

namespace DeepCompress.Runtime.Tests.Conformance;

public sealed class ConformanceTests
{
    public static TheoryData<string, KernelPath> CasesOnEveryPath()
    {
        var data = new TheoryData<string, KernelPath>();
        foreach (var name in ConformanceCases.Names)
        {
            // The best path and its scalar twin; the kernel tests cover the paths in between.
            data.Add(name, KernelDispatch.Best);
            if (KernelDispatch.Best != KernelPath.Scalar)
            {
                data.Add(name, KernelPath.Scalar);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CasesOnEveryPath))]
    public void NodeTestPassesOrIsRejectedAtCreate(string name, KernelPath path)
    {
        Assert.True(name != ConformanceCases.MissingDataCase, ConformanceCases.MissingDataMessage);
        var result = ConformanceRunner.Run(ConformanceCases.PathOf(name), name, new SessionOptions { Kernel = path });
        if (ConformanceCases.ExpectedUnsupported.Contains(name))
        {
            Assert.True(result.Outcome == ConformanceOutcome.Unsupported, $"{name} was expected to throw NotSupportedException at Create but {result.Outcome}: {result.Detail}");
        }
        else
        {
            Assert.True(result.Outcome == ConformanceOutcome.Passed, $"{name}: {result.Outcome}: {result.Detail}");
        }
    }

    [Fact]
    public void ExpectedUnsupportedListNamesOnlyRunnableCases()
    {
        Assert.True(ConformanceCases.Names[0] != ConformanceCases.MissingDataCase, ConformanceCases.MissingDataMessage);
        Assert.Empty(ConformanceCases.ExpectedUnsupported.Except(ConformanceCases.Names));
    }

    /// <summary>
    /// Regenerates docs/conformance.md when DEEPCOMPRESS_CONFORMANCE_REPORT names the file to write; otherwise checks
    /// that the runner classifies at least one case of every kind it reports.
    /// </summary>
    [Fact]
    public void ReportCoversEveryCase()
    {
        Assert.True(ConformanceCases.Names[0] != ConformanceCases.MissingDataCase, ConformanceCases.MissingDataMessage);
        var results = ConformanceCases.Names
            .Select(name => ConformanceRunner.Run(ConformanceCases.PathOf(name), name, new SessionOptions()))
            .ToArray();
        var report = ConformanceRunner.RenderReport(
            results,
            "DEEPCOMPRESS_CONFORMANCE_REPORT=$PWD/docs/conformance.md dotnet test tests/DeepCompress.Runtime.Tests -c Release --filter ReportCoversEveryCase");
        foreach (var result in results)
        {
            Assert.Contains(result.Name, report, StringComparison.Ordinal);
        }

        if (Environment.GetEnvironmentVariable("DEEPCOMPRESS_CONFORMANCE_REPORT") is { Length: > 0 } target)
        {
            File.WriteAllText(target, report);
        }
    }
}
