namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// A table held in registers and indexed by the low bits of each lane: a codebook, or the tiled kernel's tile of x
/// (<see cref="TiledCodeMatrix"/>), which is loaded afresh per tile, so the kernel creates it through this static
/// factory without knowing its size class.
/// </summary>
internal interface IRegisterTable512<TSelf> : ICodebookLookup512
    where TSelf : struct, IRegisterTable512<TSelf>
{
    /// <summary>Loads the table from <paramref name="table"/> (as many floats as the table holds).</summary>
    static abstract unsafe TSelf Load(float* table);
}
