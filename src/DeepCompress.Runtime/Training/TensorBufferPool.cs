namespace DeepCompress.Runtime.Training;

/// <summary>
/// Recycles the arrays of one training pass in the next: a LeNet-5 step would otherwise allocate tens of megabytes
/// of large-object-heap arrays, and the page faults and zeroing of fresh memory cost a third of the step.
/// Arrays are handed out by exact length; their contents are whatever the previous pass left.
/// </summary>
internal sealed class TensorBufferPool
{
    private readonly Dictionary<int, Stack<float[]>> free = [];
    private readonly List<float[]> rented = [];

    /// <summary>An array of exactly <paramref name="length"/> values, owned by the caller until <see cref="ReturnAll"/>.</summary>
    public float[] Rent(int length)
    {
        var buffer = free.TryGetValue(length, out var stack) && stack.TryPop(out var reused) ? reused : new float[length];
        rented.Add(buffer);
        return buffer;
    }

    /// <summary>Takes back every array rented since the last call; nothing may use them afterwards.</summary>
    public void ReturnAll()
    {
        foreach (var buffer in rented)
        {
            if (!free.TryGetValue(buffer.Length, out var stack))
            {
                stack = new Stack<float[]>();
                free[buffer.Length] = stack;
            }

            stack.Push(buffer);
        }

        rented.Clear();
    }
}
