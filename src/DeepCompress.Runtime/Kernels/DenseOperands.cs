namespace DeepCompress.Runtime.Kernels;

/// <summary>The arrays and sizes of one dense C [m, n] = A [m, k] B [k, n] product, all row-major.</summary>
internal readonly record struct DenseOperands(float[] A, int AOffset, float[] B, int BOffset, float[] C, int COffset, int K, int N);
