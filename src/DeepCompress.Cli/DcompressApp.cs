using System.CommandLine;
using System.CommandLine.Help;
using DeepCompress.Cli.Commands;
using DeepCompress.Cli.Infrastructure;

namespace DeepCompress.Cli;

/// <summary>Builds the command tree and runs one command line; tests call <see cref="Run"/> in-process.</summary>
public static class DcompressApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("dcompress: Deep Compression (pruning, weight sharing, Huffman coding) for ONNX models")
        {
            PruneCommand.Create(),
            QuantizeCommand.Create(),
            CompressCommand.Create(),
            EncodeCommand.Create(),
            DecodeCommand.Create(),
            InfoCommand.Create(),
            EvalCommand.Create(),
            FinetuneCommand.Create(),
            RunCommand.Create(),
            BenchCommand.Create(),
            SensitivityCommand.Create(),
        };
        root.Options.Add(GlobalOptions.Verbose);
        root.Options.Add(GlobalOptions.Quiet);
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot();
        var parseResult = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            // One clear line (the first problem; later ones are usually its echoes) and a pointer to help.
            var first = parseResult.Errors.FirstOrDefault(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) ?? parseResult.Errors[0];
            error.WriteLine($"error: {first.Message}");
            var commandName = parseResult.CommandResult.Command == root ? string.Empty : " " + parseResult.CommandResult.Command.Name;
            error.WriteLine($"Run 'dcompress{commandName} --help' for usage.");
            return ExitCodes.UsageError;
        }

        if (parseResult.CommandResult.Command == root && parseResult.Action is null)
        {
            error.WriteLine("error: no command given. Run 'dcompress --help' for the commands.");
            return ExitCodes.UsageError;
        }

        return parseResult.Invoke(configuration);
    }
}
