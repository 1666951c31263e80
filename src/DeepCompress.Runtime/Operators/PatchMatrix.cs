namespace DeepCompress.Runtime.Operators;

/// <summary>
/// im2col: lays the receptive fields of a [channels, spatial...] image out as a [channels * kernel, outputs]
/// matrix, so that a convolution becomes one (sparse or dense) matrix product whose inner loop runs along
/// contiguous output positions. Padding positions hold 0.
/// </summary>
internal static class PatchMatrix
{
    public static void Fill(float[] x, int xOffset, int channels, SpatialGeometry g, float[] patches)
    {
        var rank = g.Input.Length;
        var inStrides = ShapeMath.Strides(g.Input);
        var spatialIn = ShapeMath.Product(g.Input);
        var kernelCount = ShapeMath.Product(g.Kernel);
        var outCount = ShapeMath.Product(g.Output);
        var lastOut = g.Output[rank - 1];
        var outerCount = lastOut == 0 ? 0 : outCount / lastOut;
        var kernelIndex = new int[rank];
        var outerIndex = new int[rank];
        for (var k = 0; k < kernelCount; k++)
        {
            for (var c = 0; c < channels; c++)
            {
                var row = patches.AsSpan((c * kernelCount + k) * outCount, outCount);
                var channelBase = xOffset + c * spatialIn;
                Array.Clear(outerIndex);
                for (var outer = 0; outer < outerCount; outer++)
                {
                    // Position of this output row's window origin in every dimension but the last.
                    var inside = true;
                    var baseIndex = channelBase;
                    for (var d = 0; d < rank - 1; d++)
                    {
                        var coordinate = outerIndex[d] * g.Strides[d] - g.PadBegin[d] + kernelIndex[d] * g.Dilations[d];
                        inside &= coordinate >= 0 && coordinate < g.Input[d];
                        baseIndex += coordinate * inStrides[d];
                    }

                    var segment = row.Slice(outer * lastOut, lastOut);
                    if (!inside)
                    {
                        segment.Clear();
                    }
                    else
                    {
                        var last = rank - 1;
                        var offset = kernelIndex[last] * g.Dilations[last] - g.PadBegin[last];
                        if (g.Strides[last] == 1 && offset >= 0 && offset + lastOut <= g.Input[last])
                        {
                            // Unit stride with the whole row inside the image: the row is a run of x (one copy).
                            x.AsSpan(baseIndex + offset, lastOut).CopyTo(segment);
                        }
                        else
                        {
                            for (var o = 0; o < lastOut; o++)
                            {
                                var coordinate = o * g.Strides[last] + offset;
                                segment[o] = coordinate >= 0 && coordinate < g.Input[last] ? x[baseIndex + coordinate] : 0f;
                            }
                        }
                    }

                    for (var d = rank - 2; d >= 0; d--)
                    {
                        if (++outerIndex[d] < g.Output[d])
                        {
                            break;
                        }

                        outerIndex[d] = 0;
                    }
                }
            }

            for (var d = rank - 1; d >= 0; d--)
            {
                if (++kernelIndex[d] < g.Kernel[d])
                {
                    break;
                }

                kernelIndex[d] = 0;
            }
        }
    }
}
