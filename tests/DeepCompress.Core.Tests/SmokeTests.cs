namespace DeepCompress.Core.Tests;

public class SmokeTests
{
    [Fact]
    public void CoreAssemblyLoads() => Assert.Equal("DeepCompress.Core", typeof(SmokeTests).Assembly.GetName().Name!.Replace(".Tests", ""));
}
