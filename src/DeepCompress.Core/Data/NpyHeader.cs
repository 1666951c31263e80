namespace DeepCompress.Core.Data;

/// <summary>The three keys of a .npy header dictionary, parsed but not yet interpreted.</summary>
internal sealed record NpyHeader(string Descr, bool FortranOrder, int[] Shape);
