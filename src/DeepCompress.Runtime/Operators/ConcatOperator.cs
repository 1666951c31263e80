using DeepCompress.Runtime.Graph;

namespace DeepCompress.Runtime.Operators;

/// <summary>Concat along one axis.</summary>
internal sealed class ConcatOperator : Operator
{
    private readonly long axis;

    public ConcatOperator(NodeContext context)
        : base(context)
    {
        context.RequireKnownAttributes("axis");
        if (context.Attribute("axis") is null)
        {
            throw new InvalidDataException($"node {Name}: required attribute axis is missing");
        }

        axis = context.Int("axis", 0);
        var type = context.InputType(0);
        for (var i = 1; i < context.InputTypes.Length; i++)
        {
            if (context.InputType(i) != type)
            {
                throw new InvalidDataException($"node {Name}: input {i} is {context.InputType(i)}, input 0 is {type}");
            }
        }

        OutputTypes = [type];
    }

    public override TensorElementType[] OutputTypes { get; }

    public override Tensor?[] Execute(Tensor?[] inputs, RunSettings context)
    {
        var first = Required(inputs, 0);
        var rank = first.Rank;
        var a = ShapeMath.NormalizeAxis(axis, rank, Name);
        var outDims = (int[])first.Dims.Clone();
        outDims[a] = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var t = Required(inputs, i);
            if (t.Rank != rank)
            {
                throw Invalid($"input {i} has rank {t.Rank}, input 0 has rank {rank}");
            }

            for (var d = 0; d < rank; d++)
            {
                if (d != a && t.Dims[d] != first.Dims[d])
                {
                    throw Invalid($"input {i} has shape {ShapeMath.Format(t.Dims)}, incompatible with {ShapeMath.Format(first.Dims)} outside axis {a}");
                }
            }

            outDims[a] += t.Dims[a];
        }

        var outer = ShapeMath.Product(first.Dims.AsSpan(0, a));
        var innerAfter = ShapeMath.Product(first.Dims.AsSpan(a + 1));
        var result = Array.CreateInstance(first.RawData.GetType().GetElementType()!, ShapeMath.ElementCount(outDims, Name));
        var outRow = outDims[a] * innerAfter;
        var offset = 0;
        foreach (var input in inputs)
        {
            var block = input!.Dims[a] * innerAfter;
            for (var o = 0; o < outer; o++)
            {
                Array.Copy(input.RawData, o * block, result, o * outRow + offset, block);
            }

            offset += block;
        }

        return [Tensor.FromArray(first.ElementType, outDims, result)];
    }
}
