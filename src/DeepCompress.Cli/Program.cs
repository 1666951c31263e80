using System.CommandLine;

namespace DeepCompress.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("dcompress: Deep Compression (pruning, weight sharing, Huffman coding) for ONNX models");
        return root.Parse(args).Invoke();
    }
}
