namespace DeepCompress.Format.Tests;

/// <summary><see cref="DczStreamWriter"/>: layer by layer, the same bytes as the whole-model writer, and a count kept.</summary>
public class StreamWriterTests
{
    [Fact]
    public void AppendingLayersOneAtATimeGivesTheBytesOfWrite()
    {
        var model = RoundTripTests.LeNetLike();
        using var output = new MemoryStream();
        var writer = new DczStreamWriter(output, model.Graph, model.Metadata, model.Layers.Count);
        foreach (var layer in model.Layers)
        {
            writer.Append(layer);
        }

        writer.Complete();
        Assert.Equal(RoundTripTests.Write(model), output.ToArray());
        Assert.Equal(model.Layers.Count, DczReader.Read(output.ToArray(), "streamed").Layers.Count);
    }

    [Fact]
    public void PositionsEncodedBeforehandGiveTheSameBytes()
    {
        var model = RoundTripTests.LeNetLike();
        using var output = new MemoryStream();
        var writer = new DczStreamWriter(output, model.Graph, model.Metadata, model.Layers.Count);
        foreach (var layer in model.Layers)
        {
            writer.Append(layer, DczWriter.EncodePositions(layer.Weights.Positions));
        }

        writer.Complete();
        Assert.Equal(RoundTripTests.Write(model), output.ToArray());
    }

    [Fact]
    public void LayersEncodedBeforehandGiveTheSameBytes()
    {
        var model = RoundTripTests.LeNetLike();
        using var output = new MemoryStream();
        var writer = new DczStreamWriter(output, model.Graph, model.Metadata, model.Layers.Count);
        var encoded = model.Layers.Select(l => DczWriter.EncodeLayer(l, DczWriter.EncodePositions(l.Weights.Positions))).ToList();
        foreach (var layer in encoded)
        {
            writer.Append(layer);
        }

        writer.Complete();
        Assert.Equal(RoundTripTests.Write(model), output.ToArray());
        Assert.Equal(model.Layers.Select(l => l.Name), encoded.Select(l => l.Name));
        Assert.Equal(model.Layers.Select(l => l.Weights.ElementCount), encoded.Select(l => l.ElementCount));
    }

    [Fact]
    public void AnEncodedLayerIsCheckedForItsNameWhenAppended()
    {
        var model = RoundTripTests.LeNetLike();
        var writer = new DczStreamWriter(new MemoryStream(), model.Graph, model.Metadata, model.Layers.Count);
        var first = DczWriter.EncodeLayer(model.Layers[0]);
        writer.Append(first);

        Assert.Throws<ArgumentException>(() => writer.Append(first));
        Assert.Equal(1, writer.LayersWritten);
    }

    [Fact]
    public void PositionsEncodedFromAnotherArrayAreRefusedByEncodeLayer()
    {
        var model = RoundTripTests.LeNetLike();
        var copy = (int[])model.Layers[0].Weights.Positions.Clone();

        var error = Assert.Throws<ArgumentException>(() => DczWriter.EncodeLayer(model.Layers[0], DczWriter.EncodePositions(copy)));

        Assert.Contains(model.Layers[0].Name, error.Message);
    }

    [Fact]
    public void PositionsEncodedFromAnotherArrayAreRefused()
    {
        var model = RoundTripTests.LeNetLike();
        var writer = new DczStreamWriter(new MemoryStream(), model.Graph, model.Metadata, model.Layers.Count);
        var copy = (int[])model.Layers[0].Weights.Positions.Clone();

        var error = Assert.Throws<ArgumentException>(() => writer.Append(model.Layers[0], DczWriter.EncodePositions(copy)));

        Assert.Contains(model.Layers[0].Name, error.Message);
        Assert.Equal(0, writer.LayersWritten);
    }

    [Theory]
    [InlineData(new[] { 3, 3 })]
    [InlineData(new[] { 5, 2 })]
    [InlineData(new[] { -1 })]
    public void PositionsThatDoNotAscendFromZeroCannotBeEncoded(int[] positions) =>
        Assert.Throws<ArgumentException>(() => DczWriter.EncodePositions(positions));

    [Fact]
    public void MoreOrFewerLayersThanTheHeaderDeclaresAreRefused()
    {
        var model = RoundTripTests.LeNetLike();
        var writer = new DczStreamWriter(new MemoryStream(), model.Graph, model.Metadata, 1);
        writer.Append(model.Layers[0]);
        var extra = Assert.Throws<InvalidOperationException>(() => writer.Append(model.Layers[1]));
        Assert.Contains("the 1 the header declares", extra.Message);

        var tooFew = new DczStreamWriter(new MemoryStream(), model.Graph, model.Metadata, 2);
        tooFew.Append(model.Layers[0]);
        var missing = Assert.Throws<InvalidOperationException>(tooFew.Complete);
        Assert.Contains("1 layers written; the header declares 2", missing.Message);
    }

    [Fact]
    public void ARepeatedLayerNameIsRefused()
    {
        var model = RoundTripTests.LeNetLike();
        var writer = new DczStreamWriter(new MemoryStream(), model.Graph, model.Metadata, 2);
        writer.Append(model.Layers[0]);
        Assert.Throws<ArgumentException>(() => writer.Append(model.Layers[0]));
    }
}
