using BenchmarkDotNet.Running;

namespace DeepCompress.Benchmarks;

public static class Program
{
    // Run with: dotnet run -c Release --project tests/DeepCompress.Benchmarks -- --filter '*'
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
