namespace DeepCompress.Runtime.Kernels;

/// <summary>
/// The few vector operations the portable kernels (dense and sparse matrix products, the column walk's work count) need, for one vector width.
/// A kernel written once against this interface and instantiated with a struct per width compiles to the same code
/// as a hand-written copy per width (generic struct instantiations are specialised by the JIT); .NET 10 keeps its
/// own ISimdVector interface internal, hence this one.
/// </summary>
internal interface IFloatLanes<TVector>
    where TVector : struct
{
    static abstract int Count { get; }

    static abstract TVector Zero { get; }

    static abstract TVector Broadcast(float value);

    static abstract TVector Load(ReadOnlySpan<float> source);

    /// <summary><c>accumulator + (a * b)</c>, rounded twice (not fused), as the scalar twin computes it.</summary>
    static abstract TVector MultiplyAdd(TVector accumulator, TVector a, TVector b);

    static abstract void Store(TVector value, Span<float> destination);

    /// <summary><c>accumulator + values</c> in the lanes where <paramref name="x"/> is not zero (of either sign), <c>accumulator</c> elsewhere.</summary>
    static abstract TVector AddWhereNonZero(TVector accumulator, TVector x, TVector values);

    static abstract float Sum(TVector value);
}
