namespace DeepCompress.Cli.Benchmarking;

/// <summary>One float output of a model run, copied out of the engine.</summary>
public sealed record OutputValues(string Name, int[] Shape, float[] Values)
{
    /// <summary>For a 2-D output, the index of the largest value in each row (the first on ties); otherwise null.</summary>
    public int[]? ArgmaxPerRow()
    {
        if (Shape.Length != 2 || Shape[1] == 0)
        {
            return null;
        }

        var argmax = new int[Shape[0]];
        for (var row = 0; row < argmax.Length; row++)
        {
            var values = Values.AsSpan(row * Shape[1], Shape[1]);
            var best = 0;
            for (var j = 1; j < values.Length; j++)
            {
                if (values[j] > values[best])
                {
                    best = j;
                }
            }

            argmax[row] = best;
        }

        return argmax;
    }
}
