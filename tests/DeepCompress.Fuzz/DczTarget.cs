using DeepCompress.Cli.Pipeline;
using DeepCompress.Format;

namespace DeepCompress.Fuzz;

/// <summary>The .dcz reader and what `info` and `decode` do with its result.</summary>
public sealed class DczTarget : IFuzzTarget
{
    private const string DisplayName = "fuzz.dcz";

    public string Name => "dcz";

    public void Run(byte[] input)
    {
        ContainerChecksums.Repair(input);
        try
        {
            DczReader.Inspect(input, DisplayName);
            var container = DczReader.Read(input, DisplayName);
            ContainerCodec.Decode(container, DisplayName).ToBytes();
        }
        catch (Exception e) when (CleanRejection.Is(e))
        {
            // A clean rejection is the reader doing its job.
        }
    }
}
