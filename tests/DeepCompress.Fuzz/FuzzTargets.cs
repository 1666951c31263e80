namespace DeepCompress.Fuzz;

/// <summary>The harnesses by name.</summary>
public static class FuzzTargets
{
    private static readonly IFuzzTarget[] All = [new DczTarget(), new OnnxTarget()];

    public static IEnumerable<string> Names => All.Select(t => t.Name);

    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
