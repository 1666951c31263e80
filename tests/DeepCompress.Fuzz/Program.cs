using DeepCompress.Fuzz;
using SharpFuzz;

// Usage: DeepCompress.Fuzz dcz|onnx. Under afl-fuzz this is a persistent-mode fork server; outside it, the
// target runs once on stdin, so `DeepCompress.Fuzz dcz < crash.bin` reproduces a finding with its stack trace.
if (args.Length != 1 || FuzzTargets.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: DeepCompress.Fuzz {string.Join('|', FuzzTargets.Names)}");
    return 2;
}

Fuzzer.Run(stream => target.Run(ReadAll(stream)));
return 0;

static byte[] ReadAll(Stream stream)
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    return buffer.ToArray();
}
