namespace DeepCompress.Core.Tests;

public class SparseQuantizedTensorTests
{
    [Fact]
    public void FromDenseAndToDenseRoundTripBitForBit()
    {
        float[] dense = [0f, 1.5f, 0f, -2f, 1.5f, float.Epsilon, 0f, -0f];
        var tensor = SparseQuantizedTensor.FromDense([2, 4], dense, maxCodebookSize: 3);
        Assert.Equal([-2f, float.Epsilon, 1.5f], tensor.Codebook);
        Assert.Equal([1, 3, 4, 5], tensor.Positions);
        Assert.Equal(new ushort[] { 2, 0, 2, 1 }, tensor.Codes);
        var back = tensor.ToDense();
        Assert.Equal(dense.Select(v => v == 0f ? 0 : BitConverter.SingleToInt32Bits(v)), back.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void TooManyDistinctValuesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SparseQuantizedTensor.FromDense([3], [1f, 2f, 3f], maxCodebookSize: 2));
    }

    [Theory]
    [InlineData(new[] { 1, 1 }, new ushort[] { 0, 0 })]
    [InlineData(new[] { 2, 1 }, new ushort[] { 0, 0 })]
    [InlineData(new[] { 0, 6 }, new ushort[] { 0, 0 })]
    [InlineData(new[] { -1, 2 }, new ushort[] { 0, 0 })]
    [InlineData(new[] { 0, 2 }, new ushort[] { 0, 1 })]
    public void InconsistentContentIsRejected(int[] positions, ushort[] codes)
    {
        Assert.Throws<ArgumentException>(() => new SparseQuantizedTensor([2, 3], [0.5f], positions, codes));
    }

    [Fact]
    public void ElementCountOverflowIsRejected()
    {
        Assert.Throws<ArgumentException>(() => new SparseQuantizedTensor([65536, 65536], [], [], []));
    }
}
