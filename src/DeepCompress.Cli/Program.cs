namespace DeepCompress.Cli;

public static class Program
{
    public static int Main(string[] args) => DcompressApp.Run(args, Console.Out, Console.Error);
}
